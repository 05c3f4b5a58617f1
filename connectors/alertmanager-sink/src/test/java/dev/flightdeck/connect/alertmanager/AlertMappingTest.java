package dev.flightdeck.connect.alertmanager;

import static dev.flightdeck.connect.alertmanager.AnomalyStructs.FAILED_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.OVERBOOKING_ID;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.connectorFailed;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.overbooking;
import static dev.flightdeck.connect.alertmanager.AnomalyStructs.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightdeck.schemas.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertMappingTest {

    private static final Instant DETECTED = Instant.parse("2026-11-25T10:00:00Z");
    private static final AlertMapping MAPPING = new AlertMapping("FlightdeckAnomaly", Duration.ofHours(1));

    /** The anomaly as the task reads it from its record. */
    private static AnomalySignal.Raised read(Anomaly anomaly) {
        return (AnomalySignal.Raised) new AnomalyRecords().read(record(anomaly, 0));
    }

    @Test
    void shouldSendAnOverbookingWithEveryLabelAndAnnotationItHasHeldForAnHourFromItsDetection() throws Exception {
        Alert alert = MAPPING.firing(read(overbooking(OVERBOOKING_ID, DETECTED).build()));

        assertThat(new ObjectMapper().readTree(AlertmanagerApi.json(List.of(alert)))).isEqualTo(new ObjectMapper().readTree("""
                [{
                  "labels": {
                    "alertname": "FlightdeckAnomaly",
                    "anomaly_id": "5d0f3b1c2a4e6f708192a3b4c5d6e7f8",
                    "type": "OVERBOOKING",
                    "severity": "critical",
                    "flight": "42",
                    "route": "FRA-LIS",
                    "source": "anomaly-detector"
                  },
                  "annotations": {
                    "summary": "Overbooking: flight 42, cabin Y, route FRA-LIS",
                    "description": "Flight FD42 (FRA-LIS) cabin Y has 153 seats held or confirmed for 150 seats; at most 151 are allowed (1.0 % overbooking)",
                    "evidence": "held=3\\nconfirmed=150\\ncapacity=150\\nflight-availability version 17",
                    "detected_at": "2026-11-25T10:00:00Z"
                  },
                  "startsAt": "2026-11-25T10:00:00Z",
                  "endsAt": "2026-11-25T11:00:00Z"
                }]
                """));
    }

    @Test
    void shouldLabelAConnectorFailureWithItsTableAndConnector() {
        Alert alert = MAPPING.firing(read(connectorFailed(FAILED_ID, DETECTED).build()));

        assertThat(alert.labels()).containsExactly(
                Map.entry("alertname", "FlightdeckAnomaly"), Map.entry("anomaly_id", FAILED_ID), Map.entry("type", "CONNECTOR_FAILED"),
                Map.entry("severity", "critical"), Map.entry("table", "flights.booking"), Map.entry("connector", "debezium-mysql-flights/0"),
                Map.entry("source", "anomaly-detector"));
        assertThat(alert.annotations()).containsEntry("summary",
                "Connector failed: table flights.booking, connector debezium-mysql-flights/0");
    }

    @Test
    void shouldLeaveOutTheLabelsAndAnnotationsAnAnomalyHasNoValueFor() {
        Anomaly deadLetters = Anomaly.newBuilder().setId("d1").setType("DEAD_LETTERS").setSeverity("WARNING")
                .setRoute("").setTable("  ").setEvidence(List.of())
                .setExplanation("Records are being set aside in redis-sink-flights-dlq")
                .setSourceTimestamp(DETECTED).setDetectedAt(DETECTED).build();

        Alert alert = MAPPING.firing(read(deadLetters));

        assertThat(alert.labels()).containsOnlyKeys("alertname", "anomaly_id", "type", "severity", "source");
        assertThat(alert.annotations()).containsOnlyKeys("summary", "description", "detected_at");
        assertThat(alert.annotations()).containsEntry("summary", "Dead letters");
    }

    @Test
    void shouldLowerCaseEverySeverity() {
        for (String severity : List.of("INFO", "WARNING", "CRITICAL")) {
            Alert alert = MAPPING.firing(read(overbooking(OVERBOOKING_ID, DETECTED).setSeverity(severity).build()));
            assertThat(alert.labels().get("severity")).isEqualTo(severity.toLowerCase());
        }
    }

    @Test
    void shouldNameCabinAndSeatInTheSummaryOfADoubleBookedSeat() {
        Anomaly seat = Anomaly.newBuilder().setId("s1").setType("DOUBLE_BOOKED_SEAT").setSeverity("CRITICAL")
                .setFlightId(7L).setSeat("12C").setEvidence(List.of("booking 1", "booking 2"))
                .setExplanation("Seat 12C of flight 7 is held or confirmed by 2 bookings at once: [1, 2]")
                .setSourceTimestamp(DETECTED).setDetectedAt(DETECTED).build();

        assertThat(MAPPING.firing(read(seat)).annotations()).containsEntry("summary", "Double booked seat: flight 7, seat 12C");
    }

    @Test
    void shouldHoldTheAlertForTheConfiguredTime() {
        Alert alert = new AlertMapping("FlightdeckAnomaly", Duration.ofMinutes(15)).firing(read(overbooking(OVERBOOKING_ID, DETECTED).build()));

        assertThat(alert.startsAt()).isEqualTo(DETECTED);
        assertThat(alert.endsAt()).isEqualTo(DETECTED.plus(Duration.ofMinutes(15)));
    }

    @Test
    void shouldResolveAtNowWithTheSameLabelsButNeverBeforeTheAlertStarted() {
        Alert firing = MAPPING.firing(read(overbooking(OVERBOOKING_ID, DETECTED).build()));

        Alert resolved = firing.resolvedAt(DETECTED.plusSeconds(90));
        assertThat(resolved.labels()).isEqualTo(firing.labels());
        assertThat(resolved.annotations()).isEqualTo(firing.annotations());
        assertThat(resolved.startsAt()).isEqualTo(DETECTED);
        assertThat(resolved.endsAt()).isEqualTo(DETECTED.plusSeconds(90));
        assertThat(firing.resolvedAt(DETECTED.minusSeconds(5)).endsAt()).as("a clock behind the detector's").isEqualTo(DETECTED);
    }
}
