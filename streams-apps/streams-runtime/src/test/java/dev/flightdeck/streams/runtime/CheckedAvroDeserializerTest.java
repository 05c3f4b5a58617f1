package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.http.HttpLimits;
import dev.flightdeck.http.HttpListener;
import dev.flightdeck.http.HttpResponse;
import dev.flightdeck.schemas.Anomaly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apicurio's deserializer as the apps configure it, against a stand-in registry that knows one
 * schema (content id 1): what it throws for hostile and broken bytes reaches the error handlers as
 * the CDC decoder's exceptions, so that they are dead-lettered as bad records.
 */
class CheckedAvroDeserializerTest {

    private static final String SCHEMA = Anomaly.getClassSchema().toString();
    /** Anomaly's fields before {@code evidence}: three strings, then ten optional ones. */
    private static final int OPTIONAL_FIELDS_BEFORE_EVIDENCE = 10;

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpListener registry;
    private Deserializer<Anomaly> deserializer;

    @BeforeEach
    void start() throws IOException {
        registry = HttpListener.start("stand-in registry", new InetSocketAddress("127.0.0.1", 0), HttpLimits.api(), request -> {
            asked.add(request.path());
            if (request.path().equals("/apis/registry/v2/ids/contentIds/1")) {
                return HttpResponse.json(200, SCHEMA);
            }
            if (request.path().equals("/apis/registry/v2/ids/contentIds/1/references")) {
                return HttpResponse.json(200, "[]");
            }
            return HttpResponse.json(404, "{\"error_code\":404,\"message\":\"No content with id\",\"name\":\"ContentNotFoundException\"}");
        });
        deserializer = ApicurioAvro.<Anomaly>serde("http://127.0.0.1:" + registry.port() + "/apis/registry/v2", null, false)
                .deserializer();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldReadAWellFormedRecord() throws IOException {
        Anomaly anomaly = deserializer.deserialize("anomalies", new RecordHeaders(), wire(1, encoder -> {
            commonFields(encoder);
            encoder.writeArrayStart();
            encoder.setItemCount(1);
            encoder.startItem();
            encoder.writeString("held=7");
            encoder.writeArrayEnd();
            encoder.writeString("explained");
            encoder.writeLong(1);
            encoder.writeLong(2);
        }));

        assertThat(anomaly.getEvidence()).containsExactly("held=7");
    }

    @Test
    void shouldRefuseAHugeStringAndAHugeArrayAsBadRecords() throws IOException {
        byte[] hugeString = wire(1, encoder -> encoder.writeLong(2_000_000_000L));
        byte[] hugeArray = wire(1, encoder -> {
            commonFields(encoder);
            encoder.writeLong(2_000_000_000L); // evidence: its item count, and nothing after it
        });

        assertThatThrownBy(() -> deserializer.deserialize("anomalies", new RecordHeaders(), hugeString))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("String length 2000000000")
                .hasRootCauseInstanceOf(SystemLimitException.class);
        assertThatThrownBy(() -> deserializer.deserialize("anomalies", new RecordHeaders(), hugeArray))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("Collection length 2000000000")
                .hasRootCauseInstanceOf(SystemLimitException.class);
        assertThat(FailureKind.whileDeserializing(catching(hugeString))).isEqualTo(FailureKind.BAD_RECORD);
    }

    @Test
    void shouldRefuseAWrongMagicByteTooFewBytesAndAnUnknownSchemaIdAsBadRecords() throws IOException {
        assertThatThrownBy(() -> deserializer.deserialize("anomalies", new RecordHeaders(), new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(InvalidWireFormatException.class).hasMessageContaining("not the Confluent magic byte");
        assertThatThrownBy(() -> deserializer.deserialize("anomalies", new RecordHeaders(), new byte[] {0, 0}))
                .isInstanceOf(InvalidWireFormatException.class);
        assertThatThrownBy(() -> deserializer.deserialize("anomalies", new RecordHeaders(), wire(999, encoder -> encoder.writeString("x"))))
                .isInstanceOf(InvalidWireFormatException.class).hasMessage("the schema id in a record of anomalies (999) is not in the registry");
    }

    private static void commonFields(BinaryEncoder encoder) throws IOException {
        encoder.writeString("id-1");
        encoder.writeString("OVERBOOKING");
        encoder.writeString("CRITICAL");
        for (int i = 0; i < OPTIONAL_FIELDS_BEFORE_EVIDENCE; i++) {
            encoder.writeIndex(0); // null
        }
    }

    private RuntimeException catching(byte[] bytes) {
        try {
            deserializer.deserialize("anomalies", new RecordHeaders(), bytes);
            throw new AssertionError("expected the record to be refused");
        } catch (RuntimeException e) {
            return e;
        }
    }

    private interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] wire(int contentId, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(contentId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
