package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error handlers with the apps' production settings, on a topology whose step fails as told by
 * the record: a bad record is dead-lettered and counted and the next one processed; a bug or an
 * outage fails the task and leaves nothing in the dead-letter topic.
 */
class DeadLetterBadRecordsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestInputTopic<String, byte[]> counts;
    private TestOutputTopic<String, String> out;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        Map<String, String> settings = new HashMap<>(ExampleApp.REQUIRED);
        settings.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        Properties props = new ExampleApp.Config(settings).streamsProperties();
        props.put(DeadLetterBadRecords.METER_REGISTRY_CONFIG, meters);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(DeadLetterBadRecordsTest::step)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        builder.stream("counts", Consumed.with(Serdes.String(), Serdes.Integer()))
                .mapValues(String::valueOf)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        driver = new TopologyTestDriver(builder.build(), props, T0);
        in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
        counts = driver.createInputTopic("counts", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
        deadLetters = driver.createOutputTopic("example-dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** What the step does with a value: "bad" cannot be decoded, "bug" meets a bug, "away" meets an outage. */
    private static String step(String value) {
        return switch (value) {
            case "bad" -> throw new InvalidWireFormatException("first byte is 0x62, not the Confluent magic byte 0x00");
            case "bug" -> throw new NullPointerException("a bug");
            case "away" -> throw new RegistryUnavailableException("the schema registry is unreachable", new ConnectException());
            default -> value.toUpperCase();
        };
    }

    @Test
    void shouldDeadLetterABadRecordWithItsReasonCountItAndProcessTheNext() {
        in.pipeInput("k1", "bad", T0);
        in.pipeInput("k2", "good", T0);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("bad");
            assertThat(header(record, "__streams.errors.message")).contains("not the Confluent magic byte");
        });
        assertThat(out.readValuesToList()).containsExactly("GOOD");
        assertThat(meters.counter(DeadLetterBadRecords.DEAD_LETTERS_METRIC, "dlq", "example-dlq", "topic", "in").count()).isEqualTo(1.0);
    }

    @Test
    void shouldSetAsideAValueItsDeserializerRefusesAndProcessTheNext() {
        counts.pipeInput("k", new byte[] {1, 2, 3}, T0);
        counts.pipeInput("k", new byte[] {0, 0, 0, 7}, T0);

        // The test driver does not show what Kafka Streams writes for a deserialization failure; the handler's answer is below.
        assertThat(out.readValuesToList()).containsExactly("7");
        assertThat(meters.counter(DeadLetterBadRecords.DEAD_LETTERS_METRIC, "dlq", "example-dlq", "topic", "counts").count()).isEqualTo(1.0);
    }

    @Test
    void shouldAnswerADeserializationFailureWithADeadLetterCarryingTheReason() {
        DeadLetterBadRecords.Deserialization handler = new DeadLetterBadRecords.Deserialization();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "example-dlq",
                DeadLetterBadRecords.METER_REGISTRY_CONFIG, meters));
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("counts", 0, 41L, "k".getBytes(StandardCharsets.UTF_8), value);

        var response = handler.handleError(context(record), record,
                new SerializationException("Size of data received by IntegerDeserializer is not 4"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("example-dlq");
            assertThat(dead.value()).isEqualTo(value);
            assertThat(new String(dead.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                    .isEqualTo("Size of data received by IntegerDeserializer is not 4");
        });
        assertThat(handler.handleError(context(record), record, new IllegalStateException("a bug")).result())
                .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    private static ErrorHandlerContext context(ConsumerRecord<byte[], byte[]> record) {
        return new ErrorHandlerContext() {
            public String topic() { return record.topic(); }
            public int partition() { return record.partition(); }
            public long offset() { return record.offset(); }
            public Headers headers() { return record.headers(); }
            public String processorNodeId() { return "source"; }
            public TaskId taskId() { return new TaskId(0, record.partition()); }
            public long timestamp() { return T0.toEpochMilli(); }
            public byte[] sourceRawKey() { return record.key(); }
            public byte[] sourceRawValue() { return record.value(); }
        };
    }

    @Test
    void shouldFailTheTaskOnABugInsteadOfDeadLetteringTheRecord() {
        assertThatThrownBy(() -> in.pipeInput("k", "bug", T0)).isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(NullPointerException.class);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.find(DeadLetterBadRecords.DEAD_LETTERS_METRIC).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void shouldFailTheTaskDuringAnOutageSoThatTheRecordIsProcessedAgain() {
        assertThatThrownBy(() -> in.pipeInput("k", "away", T0)).isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(ConnectException.class);

        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
