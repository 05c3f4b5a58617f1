package dev.flightdeck.connect.alertmanager;

import static dev.flightdeck.connect.alertmanager.AnomalyStructs.FAILED_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.OVERBOOKING_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.TOPIC;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorRecovered;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.overbooking;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.record;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class AnomalyRecordsTest {

    private static final Instant DETECTED = Instant.parse("2026-11-25T10:00:00Z");
    private final AnomalyRecords records = new AnomalyRecords();

    @Test
    void shouldReadAnAnomalyAsTheAvroConverterHandsItOver() {
        assertThat(records.read(record(overbooking(OVERBOOKING_ID, DETECTED).build(), 3))).isEqualTo(new AnomalySignal.Raised(
                OVERBOOKING_ID, "OVERBOOKING", "CRITICAL", 42L, "Y", null, "FRA-LIS", null, null,
                List.of("held=3", "confirmed=150", "capacity=150", "flight-availability version 17"),
                "Flight FD42 (FRA-LIS) cabin Y has 153 seats held or confirmed for 150 seats; at most 151 are allowed (1.0 % overbooking)",
                DETECTED));
    }

    @Test
    void shouldReadATombstoneAsTheWithdrawalOfTheAnomalyItIsKeyedBy() {
        assertThat(records.read(tombstone(OVERBOOKING_ID, 4))).isEqualTo(new AnomalySignal.Tombstone(OVERBOOKING_ID));
    }

    @Test
    void shouldReadAConnectorRecoveryAsTheEndOfTheFailureItsEvidenceNames() {
        assertThat(records.read(record(connectorRecovered(FAILED_ID, DETECTED).build(), 5)))
                .isEqualTo(new AnomalySignal.ConnectorRecovered("debezium-mysql-flights/0", FAILED_ID));
    }

    @Test
    void shouldFallBackToTheConnectorWhenARecoveryDoesNotNameTheFailure() {
        assertThat(records.read(record(connectorRecovered(FAILED_ID, DETECTED).setEvidence(List.of()).build(), 5)))
                .isEqualTo(new AnomalySignal.ConnectorRecovered("debezium-mysql-flights/0", null));
    }

    @Test
    void shouldRefuseAValueThatIsNotAStructNamingTheConverterToConfigure() {
        SinkRecord json = new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, "a1", null, Map.of("id", "a1"), 6);

        assertThatThrownBy(() -> records.read(json)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("value of anomaly a1 is a ")
                .hasMessageEndingWith(", not a struct: configure the Avro converter (value.converter) for this topic");
    }

    @Test
    void shouldRefuseATombstoneWithoutTheIdAsItsKey() {
        assertThatThrownBy(() -> records.read(new SinkRecord(TOPIC, 0, null, null, null, null, 7))).isInstanceOf(DataException.class)
                .hasMessageContaining("tombstone without a key").hasMessageContaining("StringConverter");
    }

    @Test
    void shouldRefuseAnAnomalyWithoutADetectionTimeNamingTheField() {
        Schema older = SchemaBuilder.struct().name("dev.flightdeck.schemas.Anomaly").field("id", Schema.STRING_SCHEMA)
                .field("type", Schema.STRING_SCHEMA).field("severity", Schema.STRING_SCHEMA)
                .field("explanation", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(older).put("id", "a2").put("type", "FRESHNESS").put("severity", "WARNING").put("explanation", "late");

        assertThatThrownBy(() -> records.read(new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, "a2", older, value, 8)))
                .isInstanceOf(DataException.class).hasMessage("field detectedAt is missing from dev.flightdeck.schemas.Anomaly");
    }
}
