package dev.flightdeck.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AlertLogTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void shouldReadADurationBackFromNowOrAUtcTime() {
        assertThat(AlertLog.since("30m", NOW)).isEqualTo(Instant.parse("2026-11-30T11:30:00Z"));
        assertThat(AlertLog.since("7d", NOW)).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(AlertLog.since("2026-11-30T08:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        assertThatThrownBy(() -> AlertLog.since("yesterday", NOW)).hasMessageContaining("--since 'yesterday'");
    }

    @Test
    void shouldPrintAnAlertAsOneLineWithWhereHowFarOffAndWhy() {
        Schema schema = SchemaBuilder.record("Anomaly").fields()
                .requiredString("id").requiredString("type").requiredString("severity")
                .optionalLong("flightId").optionalString("cabin").optionalString("seat").optionalString("route").optionalString("table")
                .optionalDouble("observed").optionalDouble("expected").requiredString("explanation").requiredLong("detectedAt")
                .endRecord();
        GenericRecord alert = new GenericData.Record(schema);
        alert.put("id", "ab12");
        alert.put("type", "OVERBOOKING");
        alert.put("severity", "CRITICAL");
        alert.put("flightId", 42L);
        alert.put("cabin", "Y");
        alert.put("route", "FRA-LIS");
        alert.put("observed", 106.0);
        alert.put("expected", 105.0);
        alert.put("explanation", "Flight FD42 (FRA-LIS) cabin Y has 106 seats held or confirmed for 100 seats");
        alert.put("detectedAt", NOW.toEpochMilli() + 123);
        assertThat(AlertLine.format(alert)).isEqualTo("2026-11-30T12:00:00Z  CRITICAL  OVERBOOKING         flight 42 cabin Y FRA-LIS"
                + "  observed 106 vs 105  Flight FD42 (FRA-LIS) cabin Y has 106 seats held or confirmed for 100 seats");
        assertThat(List.of(AlertLine.format(alert).split("\n"))).hasSize(1);
    }
}
