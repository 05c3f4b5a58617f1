package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.MalformedChangeException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import dev.flightdeck.cdc.testing.CdcRecords;
import io.apicurio.registry.rest.client.exception.ContentNotFoundException;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void shouldDeadLetterRecordsThatCanNeverBeProcessed() {
        assertThat(FailureKind.whileProcessing(new InvalidWireFormatException("first byte is 0x7b, not the Confluent magic byte")))
                .isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.whileProcessing(new StreamsException(new InvalidWireFormatException("bytes do not decode", new EOFException()))))
                .as("an Avro decoder's EOF is the record's fault, not the network's").isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.whileProcessing(new MalformedChangeException("column flight_id of cdc.flights.booking.Value is missing")))
                .isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.whileDeserializing(new SystemLimitException("String length 2000000000 exceeds maximum allowed")))
                .isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.whileDeserializing(new ContentNotFoundException(error("no content with id 999"))))
                .as("a schema id the registry does not know").isEqualTo(FailureKind.BAD_RECORD);
        assertThat(FailureKind.whileDeserializing(new SerializationException("cannot read Window from t: it is not a JSON object")))
                .isEqualTo(FailureKind.BAD_RECORD);
    }

    @Test
    void shouldDeadLetterBothHostileRecordsAsTheRealDecoderReportsThem() {
        CdcRecords cdc = new CdcRecords();
        for (byte[] hostile : new byte[][] {cdc.bookingDeclaringAHugeString(), cdc.schemaChangeDeclaringAHugeCollection()}) {
            RuntimeException refused = null;
            try {
                cdc.decoder().decode(hostile);
            } catch (RuntimeException e) {
                refused = e;
            }
            assertThat(refused).isNotNull();
            assertThat(FailureKind.whileProcessing(new StreamsException(refused))).isEqualTo(FailureKind.BAD_RECORD);
        }
    }

    @Test
    void shouldRetryWhenTheRegistryOrTheNetworkIsAway() {
        assertThat(FailureKind.whileProcessing(new RegistryUnavailableException("the schema registry is unreachable", new ConnectException())))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.whileDeserializing(new SerializationException("could not fetch schema", new ConnectException("Connection refused"))))
                .as("a serde's registry call failing on the network").isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.whileDeserializing(new UncheckedIOException(new HttpConnectTimeoutException("connect timed out"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.whileDeserializing(new RestClientException(error("HTTP 503")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.whileProcessing(new StreamsException(new TimeoutException("store not available")))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void shouldFailTheTaskForBugsAndForRecordsOnlyANewerBuildReads() {
        assertThat(FailureKind.whileProcessing(new NullPointerException("Cannot invoke \"FlightRow.id()\" because \"row\" is null")))
                .isEqualTo(FailureKind.FAILURE);
        assertThat(FailureKind.whileProcessing(new StreamsException(new IllegalStateException("a bug")))).isEqualTo(FailureKind.FAILURE);
        assertThat(FailureKind.whileProcessing(new IllegalArgumentException("column flight_id is missing")))
                .as("only the decoders' own exceptions say the record is bad").isEqualTo(FailureKind.FAILURE);
        assertThat(FailureKind.whileProcessing(new SerializationException("cannot write FlightState for flight-state-changelog")))
                .as("a store's serde failing while processing is not the input record's fault").isEqualTo(FailureKind.FAILURE);
        assertThat(FailureKind.whileDeserializing(new JsonSerde.UnknownVersionException("written with schema version 2")))
                .isEqualTo(FailureKind.FAILURE);
        assertThat(FailureKind.whileDeserializing(new ArrayIndexOutOfBoundsException(3))).isEqualTo(FailureKind.FAILURE);
    }

    private static Error error(String message) {
        Error error = new Error();
        error.setMessage(message);
        return error;
    }
}
