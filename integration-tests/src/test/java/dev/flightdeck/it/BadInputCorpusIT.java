package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.ops.Progress;
import dev.flightdeck.ops.reconcile.DeploymentReadModels;
import dev.flightdeck.ops.reconcile.Reconciler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a buggy producer or an attacker can send, on the real stack: hostile records on the booking
 * topic that both Streams apps read, and hostile requests to seat-availability's HTTP listeners.
 * Each input has its expected outcome; after all of them both apps are RUNNING, every bad record
 * is in each app's dead-letter topic with its reason, and every read model agrees with MySQL.
 * The outcome table and the HTTP figures are printed for the issue notes.
 */
@ExtendWith(SharedStack.class)
class BadInputCorpusIT {

    private static final String BOOKINGS = "cdc.flights.booking";
    private static final String FLIGHTS = "cdc.flights.flight";
    private static final List<String> APP_DEAD_LETTERS = List.of("seat-availability-dlq", "anomaly-detector-dlq");
    private static final long UNKNOWN = 987_654_321L;
    private static final long HUGE = 2_000_000_000L;
    private static final List<String> TABLE = new ArrayList<>();

    private final SharedStack stack = SharedStack.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void printTable() {
        System.out.println("\n| input | outcome |\n|---|---|");
        TABLE.forEach(System.out::println);
    }

    @Test
    void shouldDeadLetterEveryHostileRecordWithItsReasonAndKeepBothAppsRunningAndTheReadModelsRight() throws Exception {
        ConsumerRecord<byte[], byte[]> booking = firstRecord(BOOKINGS);
        ConsumerRecord<byte[], byte[]> flight = firstRecord(FLIGHTS);
        ConfluentAvroDecoder avro = stack.profile().registry().avroDecoder();
        byte[] value = booking.value();
        byte[] header = Arrays.copyOf(value, 5);

        // Each bad record and the words its dead letter's reason must contain.
        Map<String, byte[]> deadLettered = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        deadLettered.put("corrupt bytes after a real schema id", concat(header, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}));
        reasons.put("corrupt bytes after a real schema id", "cdc.flights.booking");
        byte[] wrongMagic = value.clone();
        wrongMagic[0] = 1;
        deadLettered.put("wrong magic byte", wrongMagic);
        reasons.put("wrong magic byte", "not the Confluent magic byte");
        deadLettered.put("unknown schema id", concat(ByteBuffer.allocate(5).put((byte) 0).putInt((int) UNKNOWN).array(),
                Arrays.copyOfRange(value, 5, value.length)));
        reasons.put("unknown schema id", "not in the registry");
        deadLettered.put("truncated Avro", Arrays.copyOf(value, value.length / 2));
        reasons.put("truncated Avro", "cdc.flights.booking");
        deadLettered.put("a string declaring 2,000,000,000 bytes (20-byte record)", concat(header, avroLongs(1, 7, HUGE)));
        reasons.put("a string declaring 2,000,000,000 bytes (20-byte record)", "declares more than may be allocated");
        deadLettered.put("a value that fits another table's schema (a flight change on the booking topic)", flight.value());
        reasons.put("a value that fits another table's schema (a flight change on the booking topic)", "expected a change of table booking but got one of flight");

        GenericRecord envelope = avro.decode(value).record();
        GenericRecord key = avro.decode(booking.key()).record();
        int keySchema = ConfluentAvroDecoder.schemaId(booking.key());
        int valueSchema = ConfluentAvroDecoder.schemaId(value);
        byte[] unknownBookingKey = encode(keySchema, withField(key, "id", UNKNOWN));
        GenericRecord after = (GenericRecord) (envelope.get("after") != null ? envelope.get("after") : envelope.get("before"));
        GenericRecord orphanRow = withField(withField(after, "id", UNKNOWN), "flight_id", UNKNOWN);
        GenericRecord orphan = new GenericData.Record(envelope.getSchema());
        envelope.getSchema().getFields().forEach(f -> orphan.put(f.name(), envelope.get(f.name())));
        orphan.put("before", null);
        orphan.put("after", orphanRow);
        orphan.put("op", "c");

        Map<TopicPartition, Long> before = ends(APP_DEAD_LETTERS);
        long produced = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            for (Map.Entry<String, byte[]> bad : deadLettered.entrySet()) {
                producer.send(new ProducerRecord<>(BOOKINGS, unknownBookingKey, bad.getValue())).get();
            }
            // Records that are valid but odd: each must pass without a dead letter and without drift.
            producer.send(new ProducerRecord<>(BOOKINGS, null, value)).get();
            TABLE.add("| a real booking change with a null key | processed, no dead letter; no drift afterwards |");
            producer.send(new ProducerRecord<>(BOOKINGS, booking.key(), value)).get();
            TABLE.add("| the same booking change again (a replay) | processed, no dead letter; counted once (no drift afterwards) |");
            producer.send(new ProducerRecord<>(FLIGHTS, encode(ConfluentAvroDecoder.schemaId(flight.key()),
                    withField(avro.decode(flight.key()).record(), "id", UNKNOWN)), null)).get();
            TABLE.add("| a tombstone for a flight nobody knows | processed, no dead letter; no drift afterwards |");
            producer.send(new ProducerRecord<>(BOOKINGS, unknownBookingKey, encode(valueSchema, orphan))).get();
            TABLE.add("| a booking on a flight that does not exist | processed, no dead letter; no flight appears in any read model (no drift afterwards) |");
        }
        try (KafkaProducer<byte[], byte[]> large = producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20))) {
            byte[] tooLarge = concat(header, new byte[3 << 19]);
            assertThatThrownBy(() -> large.send(new ProducerRecord<>(BOOKINGS, unknownBookingKey, tooLarge)).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            TABLE.add("| a 1.5 MiB record | refused by the broker (`RecordTooLargeException`, `message.max.bytes` 1 MiB): never stored |");
        }

        for (String app : APP_DEAD_LETTERS) {
            List<String> seen = new ArrayList<>();
            try (CdcTopic deadLetters = new CdcTopic(stack.profile(), app, offsetsOf(before, app))) {
                deadLetters.forEachUntil(r -> seen.add(reason(r)), () -> seen.size() >= deadLettered.size(), Duration.ofMinutes(2));
            }
            System.out.printf("%s: %d dead letters %.1f s after the first was produced%n", app, seen.size(),
                    (System.nanoTime() - produced) / 1e9);
            assertThat(seen).as(app + ": exactly the bad records, in order").hasSize(deadLettered.size());
            int i = 0;
            for (String input : deadLettered.keySet()) {
                assertThat(seen.get(i++)).as(app + ": " + input).contains(reasons.get(input));
            }
        }
        deadLettered.keySet().forEach(input -> TABLE.add("| " + input + " | dead letter in both apps' topics, with the reason; the rest flows on |"));

        stack.simulateTraffic(40, Duration.ofSeconds(10));
        for (String app : List.of("seat-availability", "anomaly-detector")) {
            HttpResponse<String> ready = get(stack.opsUrl(app) + "/health/ready");
            assertThat(ready.statusCode()).as(app + " ready after the corpus: " + ready.body()).isEqualTo(200);
        }
        DeploymentReadModels models = DeploymentReadModels.of(stack.profile());
        Reconciler.Report report = models.reconciler().run(Duration.ofMinutes(3), true, Progress.console(System.out));
        assertThat(report.verdicts()).hasSize(4).allSatisfy(v -> assertThat(v.drift()).as(v.model() + " vs MySQL").isEmpty());
    }

    @Test
    void shouldAnswerMalformedRequestsWithA4xxInTheApisJsonShape() throws Exception {
        String api = stack.profile().seatAvailabilityUrl();
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/flights/abc/availability", 400);
        cases.put("/flights/-1/availability", 400);
        cases.put("/flights/99999999999999999999999/availability", 400);
        cases.put("/flights?origin=%zz", 400);
        cases.put("/flights?limit=100000", 400);
        cases.put("/flights/" + "9".repeat(20_000) + "/availability", 414);
        StringBuilder many = new StringBuilder("/flights?origin=FRA");
        for (int i = 0; i < 10_000; i++) {
            many.append("&p").append(i).append('=').append(i);
        }
        cases.put(many.toString(), 414);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            String shown = c.getKey().length() > 60 ? c.getKey().substring(0, 40) + "… (" + c.getKey().length() + " chars)" : c.getKey();
            String status = rawStatusLine(api, "GET " + c.getKey() + " HTTP/1.1");
            assertThat(status).as(shown).startsWith("HTTP/1.1 " + c.getValue());
            TABLE.add("| HTTP `GET " + shown.replace("|", "\\|") + "` | " + status.substring(9).trim() + " |");
        }
        HttpResponse<String> bad = get(api + "/flights/abc/availability");
        assertThat(bad.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(bad.body()).matches("\\{\\s*\"status\"\\s*:\\s*400\\s*,.*").doesNotContain("Exception");
    }

    @Test
    void shouldKeepLivenessFastWhileFiftyClientsHoldHalfSentRequestsAndServeTwoHundredAtOnce() throws Exception {
        String ops = stack.seatAvailabilityOpsUrl();
        String api = stack.profile().seatAvailabilityUrl();
        List<Long> without = latencies(ops + "/health/live", 200);
        List<Socket> slow = new ArrayList<>();
        try {
            for (String base : List.of(api, ops)) {
                URI uri = URI.create(base);
                for (int i = 0; i < 25; i++) {
                    Socket socket = new Socket(uri.getHost(), uri.getPort());
                    socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
            }
            List<Long> with = latencies(ops + "/health/live", 200);
            System.out.printf("/health/live p50/p99/max: %.1f/%.1f/%.1f ms alone, %.1f/%.1f/%.1f ms with 50 slow clients holding connections%n",
                    ms(without, 50), ms(without, 99), ms(without, 100), ms(with, 50), ms(with, 99), ms(with, 100));
            TABLE.add(String.format("| 50 clients holding half-sent requests | `/health/live` p99 %.1f ms (alone: %.1f ms) |", ms(with, 99), ms(without, 99)));
            assertThat(ms(with, 100)).as("slowest /health/live answer with 50 slow clients, ms").isLessThan(2000);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long flightId = 1 + i % 50;
                answers.add(clients.submit(() -> get(api + "/flights/" + flightId + "/availability").statusCode()));
            }
            Map<Integer, Integer> statuses = new HashMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            TABLE.add("| 200 concurrent clients | statuses " + statuses + " |");
            assertThat(statuses.keySet()).as("200 concurrent requests: answered, or told to retry when the queue is full")
                    .allSatisfy(status -> assertThat(status).isIn(200, 404, 503));
            assertThat(statuses).containsKey(200);
        } finally {
            clients.shutdownNow();
        }
    }

    // --- Helpers -----------------------------------------------------------------------------------

    private ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
        try (CdcTopic reader = new CdcTopic(stack.profile(), topic)) {
            return reader.readUntil(seen -> seen.stream().anyMatch(r -> r.value() != null && r.key() != null), Duration.ofMinutes(1))
                    .stream().filter(r -> r.value() != null && r.key() != null).findFirst().orElseThrow();
        }
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(stack.profile().kafkaClientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    private static GenericRecord withField(GenericRecord record, String field, Object value) {
        GenericRecord copy = new GenericData.Record(record.getSchema());
        record.getSchema().getFields().forEach(f -> copy.put(f.name(), record.get(f.name())));
        Schema.Field target = record.getSchema().getField(field);
        copy.put(field, target.schema().getType() == Schema.Type.INT
                || target.schema().isUnion() && target.schema().getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.INT)
                ? (Object) (int) (long) (Long) value : value);
        return copy;
    }

    private static byte[] encode(int schemaId, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Avro varints: a union's branch (1: the row), the row's id, then its first string's length. */
    private static byte[] avroLongs(long... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        for (long v : values) {
            encoder.writeLong(v);
        }
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private Map<TopicPartition, Long> ends(List<String> topics) throws Exception {
        try (Admin admin = stack.profile().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    private static Map<TopicPartition, Long> offsetsOf(Map<TopicPartition, Long> offsets, String topic) {
        Map<TopicPartition, Long> of = new HashMap<>();
        offsets.forEach((p, offset) -> {
            if (p.topic().equals(topic)) {
                of.put(p, offset);
            }
        });
        return of;
    }

    private static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
        StringBuilder reason = new StringBuilder();
        for (String name : List.of("__streams.errors.message", "__streams.errors.topic")) {
            var header = deadLetter.headers().lastHeader(name);
            reason.append(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append(' ');
        }
        return reason.toString();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request line as given (the JDK client would refuse or re-encode the hostile ones) and returns the status line. */
    private static String rawStatusLine(String base, String requestLine) throws IOException {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private List<Long> latencies(String url, int requests) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            assertThat(get(url).statusCode()).isEqualTo(200);
            nanos.add(System.nanoTime() - start);
        }
        nanos.sort(null);
        return nanos;
    }

    private static double ms(List<Long> sorted, int percentile) {
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
