package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import java.io.EOFException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void shouldDeadLetterRecordsThatCanNeverBeProcessed() {
        assertThat(FailureKind.of(new InvalidWireFormatException("first byte is 0x7b, not the Confluent magic byte"))).isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.of(new StreamsException(new InvalidWireFormatException("bytes do not decode", new EOFException()))))
                .as("an Avro decoder's EOF is the record's fault, not the network's").isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.of(new IllegalArgumentException("column flight_id is missing"))).isEqualTo(FailureKind.BAD_RECORD);
    }

    @Test
    void shouldRetryWhenTheRegistryOrTheNetworkIsAway() {
        assertThat(FailureKind.of(new RegistryUnavailableException("the schema registry is unreachable", new ConnectException())))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new SerializationException("could not fetch schema", new ConnectException("Connection refused"))))
                .as("a serde's registry call failing on the network").isEqualTo(FailureKind.TRANSIENT);
    }
}
