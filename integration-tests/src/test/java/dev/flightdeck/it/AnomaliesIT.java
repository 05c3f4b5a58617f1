package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.clients.registry.RegistryClient;
import dev.flightdeck.database.BookingSimulator;
import dev.flightdeck.database.FaultReport;
import dev.flightdeck.database.FlightDatabase;
import dev.flightdeck.database.SimulatorConfig;
import dev.flightdeck.ops.kafka.ConsumerLag;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * anomaly-detector on the real stack: normal booking traffic raises no alert; the simulator's
 * injected faults and a DDL statement raise exactly their alerts, each once. (Normal traffic keeps
 * running out of this test: holds expire under it, so an overbooked cabin may clear and come back,
 * which rightly alerts again.)
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the faults' after-effects (a burst's window closing, an overbooked cabin clearing and coming back) must not fall into the normal-traffic run
class AnomaliesIT {

    private static final String ANOMALIES = "anomalies";
    /**
     * Three minutes: long enough for holds to expire and their seats to be taken again on nearly
     * full cabins, where bookings of one flight arrive from different partitions out of commit order.
     */
    private static final Duration NORMAL_TRAFFIC = Duration.ofMinutes(3);
    /** Quiet this long before the alerts are counted: longer than the overbooking confirmation (5 s). */
    private static final Duration SETTLED = Duration.ofSeconds(10);
    private static final List<String> INPUTS = List.of("cdc.flights.booking", "cdc.flights.flight", "cdc", "flight-availability");

    private final SharedStack stack = SharedStack.get();

    @Test
    @Order(1)
    void shouldRaiseNoAlertDuringNormalBookingTraffic() throws Exception {
        Map<TopicPartition, Long> from = ends();
        stack.simulateTraffic(60, NORMAL_TRAFFIC);
        awaitDetectorCaughtUp();
        List<GenericRecord> alerts = alertsSince(from, 0, Duration.ofSeconds(5));
        System.out.printf("false positives in %d s of normal traffic: %d%n", NORMAL_TRAFFIC.toSeconds(), alerts.size());
        assertThat(alerts).extracting(a -> a.get("type") + ": " + a.get("explanation")).isEmpty();
    }

    @Test
    @Order(2)
    void shouldRaiseExactlyTheAlertsOfInjectedFaultsAndADdlStatement() throws Exception {
        awaitDetectorCaughtUp(); // the delays measured are the detector's, not a backlog's
        Map<TopicPartition, Long> from = ends();
        ClusterProfile profile = stack.profile();
        DataSource app = FlightDatabase.dataSource(profile.mysqlJdbcUrl(), profile.mysqlUser(), profile.mysqlPassword());
        FaultReport.OverbookingAttempt overbooking;
        FaultReport.FareSpike fareSpike;
        FaultReport.BookingBurst burst;
        try (BookingSimulator simulator = new BookingSimulator(app, SimulatorConfig.defaults().withSeed(29))) {
            overbooking = simulator.injectOverbooking();
            fareSpike = simulator.injectFareSpike();
            burst = simulator.injectBookingBurst();
        }
        Instant ddlAt = Instant.now();
        String column = "it_tier_" + Long.toString(ddlAt.toEpochMilli(), 36);
        try (Connection admin = stack.admin(); Statement ddl = admin.createStatement()) {
            ddl.execute("ALTER TABLE passenger ADD COLUMN " + column + " VARCHAR(10) NULL");
        }

        List<GenericRecord> alerts = alertsSince(from, 3, Duration.ofMinutes(2));
        Map<String, GenericRecord> byType = new HashMap<>();
        alerts.forEach(a -> byType.putIfAbsent(a.get("type").toString(), a));
        // Booking-spike verdicts come once a window has closed in event time, which takes later traffic;
        // the topology tests cover them. Here: any that did come are about the flights given a burst of
        // bookings, or their routes.
        List<String> burstRoutes = List.of(route(burst.flightId()), route(overbooking.flightId()));
        assertThat(alerts).filteredOn(a -> a.get("type").toString().equals("BOOKING_SPIKE")).allSatisfy(spike -> {
            if (spike.get("route") == null) {
                assertThat(spike.get("flightId")).isIn(burst.flightId(), overbooking.flightId());
            } else {
                assertThat(spike.get("route").toString()).isIn(burstRoutes);
            }
        });
        assertThat(alerts).extracting(a -> a.get("type").toString()).filteredOn(type -> !type.equals("BOOKING_SPIKE"))
                .containsExactlyInAnyOrder("OVERBOOKING", "FARE_ANOMALY", "SCHEMA_DRIFT");
        GenericRecord overbooked = byType.get("OVERBOOKING");
        assertThat(overbooked.get("flightId")).isEqualTo(overbooking.flightId());
        assertThat(overbooked.get("cabin").toString()).isEqualTo(overbooking.cabin().name());
        assertThat(overbooked.get("severity").toString()).isEqualTo("CRITICAL");
        assertThat(byType.get("FARE_ANOMALY").get("flightId")).isEqualTo(fareSpike.flightId());
        assertThat(byType.get("SCHEMA_DRIFT").get("table").toString()).isEqualTo("flights.passenger");
        assertThat(byType.get("SCHEMA_DRIFT").get("severity").toString()).isEqualTo("WARNING");
        assertThat(byType.get("SCHEMA_DRIFT").get("evidence").toString()).contains(column);
        System.out.printf("detection delay (fault → alert): overbooking %d ms, fare spike %d ms, schema drift %d ms%n",
                delay(overbooking.at(), overbooked), delay(fareSpike.at(), byType.get("FARE_ANOMALY")),
                delay(ddlAt, byType.get("SCHEMA_DRIFT")));
    }

    private String route(long flightId) throws Exception {
        try (Connection admin = stack.admin(); Statement sql = admin.createStatement();
             java.sql.ResultSet row = sql.executeQuery("SELECT origin, destination FROM flights.flight WHERE id = " + flightId)) {
            assertThat(row.next()).as("flight %d exists", flightId).isTrue();
            return row.getString(1) + "-" + row.getString(2);
        }
    }

    private static long delay(Instant fault, GenericRecord alert) {
        Object detected = alert.get("detectedAt");
        long at = detected instanceof Instant i ? i.toEpochMilli() : (Long) detected;
        return at - fault.toEpochMilli();
    }

    private Map<TopicPartition, Long> ends() {
        return CdcTopic.ends(stack.profile(), ANOMALIES);
    }

    private void awaitDetectorCaughtUp() {
        Awaitility.await("anomaly-detector caught up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = admin()) {
                        return ConsumerLag.of(admin, "anomaly-detector", INPUTS) == 0;
                    }
                });
    }

    /** The alerts written after {@code from}: waits until at least {@code expected} came, then reads on for a little while. */
    private List<GenericRecord> alertsSince(Map<TopicPartition, Long> from, int expected, Duration timeout) {
        ConfluentAvroDecoder avro = new RegistryClient(stack.profile().schemaRegistryUrl()).avroDecoder();
        List<GenericRecord> alerts = new ArrayList<>();
        try (CdcTopic topic = new CdcTopic(stack.profile(), ANOMALIES, from)) {
            topic.forEachUntil(r -> alerts.add(avro.decode(r.value()).record()), () -> alerts.size() >= expected, timeout);
            long quiet = System.nanoTime() + SETTLED.toNanos();
            topic.forEachUntil(r -> alerts.add(avro.decode(r.value()).record()), () -> System.nanoTime() > quiet, SETTLED.plusSeconds(5));
        }
        return alerts;
    }

    private Admin admin() {
        return stack.profile().admin();
    }
}
