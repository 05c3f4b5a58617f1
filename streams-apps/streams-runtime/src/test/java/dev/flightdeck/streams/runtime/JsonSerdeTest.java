package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    record Window(Instant start, Duration lag, BigDecimal fare, Map<String, Instant> since) {
    }

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123Z");
    private final JsonSerde<Window> serde = JsonSerde.of(Window.class);

    @Test
    void shouldWriteTheSchemaVersionAndTimesAsEpochMilliseconds() {
        Window window = new Window(T0, Duration.ofMillis(1500), new BigDecimal("149.00"), Map.of("Y", T0));

        byte[] stored = serde.serializer().serialize("t", window);

        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":1,\"value\":{\"start\":1796032800123,"
                + "\"lag\":1500,\"fare\":149.00,\"since\":{\"Y\":1796032800123}}}");
        assertThat(serde.deserializer().deserialize("t", stored)).isEqualTo(window);
    }

    @Test
    void shouldRefuseAnotherSchemaVersionSayingWhichItIs() {
        byte[] newer = "{\"schemaVersion\":2,\"value\":{\"start\":1}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("fare-windows-changelog", newer))
                .as("not a bad record: a newer build reads it, so the task fails instead of dropping it")
                .isInstanceOf(JsonSerde.UnknownVersionException.class)
                .hasMessage("cannot read Window from fare-windows-changelog: it was written with schema version 2 and this build "
                        + "reads version 1 only; run a build that knows that version");
    }

    @Test
    void shouldRefuseAValueWithoutASchemaVersion() {
        byte[] bare = "{\"start\":1796032800123}".getBytes(StandardCharsets.UTF_8);
        byte[] pipes = "1796032800123|149.00|0".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bare))
                .isInstanceOf(SerializationException.class).hasMessageContaining("it has no schemaVersion");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", pipes))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("cannot read Window from t");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
