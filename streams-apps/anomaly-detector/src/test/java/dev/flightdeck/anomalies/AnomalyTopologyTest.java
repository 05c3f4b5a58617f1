package dev.flightdeck.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.testing.AvroSingleObjectSerde;
import dev.flightdeck.cdc.testing.CdcRecords;
import dev.flightdeck.schemas.Anomaly;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors on Kafka Streams' test driver: each fires on the bad case with the full alert,
 * stays silent on normal changes and on the edge just under its threshold, and alerts once per
 * episode or window. Inputs are Debezium-shaped records with explicit commit times. Kafka Streams
 * runs with the app's production settings (exactly_once_v2, the dead-letter handlers and topic).
 */
class AnomalyTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration CONFIRM = Duration.ofSeconds(5);
    private static final AnomalyTopology.Topics TOPICS = new AnomalyTopology.Topics(
            "cdc.flights.booking", "cdc.flights.flight", "cdc", "flight-availability", "anomalies",
            List.of("seat-availability-dlq", "anomaly-detector-dlq", "redis-sink-flights-dlq", "elasticsearch-sink-flights-dlq"));
    private static final Duration DEAD_LETTERS_WINDOW = Duration.ofMinutes(10);
    private static final Thresholds THRESHOLDS = new Thresholds(5.0, CONFIRM, 50.0, Duration.ofHours(1), new BigDecimal("20.00"),
            new Thresholds.ActivityWindows(Duration.ofMinutes(1), Duration.ofSeconds(10), 0.1),
            new Thresholds.SpikeRule(20, 4.0), new Thresholds.SpikeRule(30, 4.0), new Thresholds.SpikeRule(10, 4.0),
            Duration.ofSeconds(30), DEAD_LETTERS_WINDOW);

    @TempDir
    Path stateDir;

    private final CdcRecords cdc = new CdcRecords();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> bookings;
    private TestInputTopic<byte[], byte[]> flights;
    private TestInputTopic<byte[], byte[]> schemaChanges;
    private TestInputTopic<Long, FlightAvailability> availability;
    private TestOutputTopic<String, Anomaly> anomalies;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private long pos = 1000;
    private AnomalyTopology.Wiring wiring;

    @BeforeEach
    void start() {
        open(THRESHOLDS);
    }

    private AnomalyDetectorConfig config() {
        return new AnomalyDetectorConfig(Map.of(
                AnomalyDetectorConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                AnomalyDetectorConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused",
                AnomalyDetectorConfig.APICURIO_REGISTRY_URL_CONFIG, "http://unused",
                AnomalyDetectorConfig.APPLICATION_ID_CONFIG, "anomaly-detector-test",
                AnomalyDetectorConfig.STATE_DIR_CONFIG, stateDir.toString()));
    }

    /** The thresholds the app runs with when its configuration sets none. */
    private Thresholds productionDefaults() {
        return config().thresholds();
    }

    private void restartWith(Thresholds thresholds) {
        driver.close();
        open(thresholds);
    }

    private void open(Thresholds thresholds) {
        AnomalyDetectorConfig config = config();
        Properties props = config.streamsProperties();
        AvroSingleObjectSerde<FlightAvailability> availabilitySerde = new AvroSingleObjectSerde<>(FlightAvailability.getClassSchema());
        AvroSingleObjectSerde<Anomaly> anomalySerde = new AvroSingleObjectSerde<>(Anomaly.getClassSchema());
        wiring = new AnomalyTopology.Wiring(new FlightsChanges(cdc.decoder()), cdc.decoder(), Serdes.Long(),
                availabilitySerde, anomalySerde, Clock.fixed(NOW, ZoneOffset.UTC), thresholds, meters);
        driver = new TopologyTestDriver(AnomalyTopology.build(TOPICS, wiring), props, T0);
        Serializer<byte[]> bytes = Serdes.ByteArray().serializer();
        bookings = driver.createInputTopic(TOPICS.bookings(), bytes, bytes, T0, Duration.ofMillis(10));
        flights = driver.createInputTopic(TOPICS.flights(), bytes, bytes, T0, Duration.ofMillis(10));
        schemaChanges = driver.createInputTopic(TOPICS.schemaChanges(), bytes, bytes, T0, Duration.ofMillis(10));
        availability = driver.createInputTopic(TOPICS.flightAvailability(), Serdes.Long().serializer(), availabilitySerde.serializer(),
                T0, Duration.ofMillis(10));
        anomalies = driver.createOutputTopic(TOPICS.anomalies(), Serdes.String().deserializer(), anomalySerde.deserializer());
        Deserializer<byte[]> raw = Serdes.ByteArray().deserializer();
        deadLetters = driver.createOutputTopic(config.deadLetterTopic(), raw, raw);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // --- Overbooking ------------------------------------------------------------------------------

    @Test
    void shouldAlertOnceWhenACabinStaysOverItsCapacityWithTheAllowance() {
        // 100 seats, 5 % allowed: 105 is the edge, 106 is overbooked.
        availability.pipeInput(42L, flight(42, 1, cabin("Y", 100, 5, 100)), T0);
        availability.pipeInput(42L, flight(42, 2, cabin("Y", 100, 6, 100)), T0.plusSeconds(1));
        driver.advanceWallClockTime(CONFIRM.minusSeconds(1));
        assertThat(anomalies.readValuesToList()).as("not over for the confirmation time yet").isEmpty();
        availability.pipeInput(42L, flight(42, 3, cabin("Y", 100, 7, 100)), T0.plusSeconds(2)); // still over
        availability.pipeInput(42L, flight(42, 3, cabin("Y", 100, 7, 100)), T0.plusSeconds(3)); // redelivered
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).hasSize(1);
        Anomaly alert = alerts.getFirst();
        // The id is from the version that went over; the numbers are the newest seen.
        assertThat(alert.getId()).isEqualTo(Alerts.stableId("OVERBOOKING", 42L, "Y", 2L));
        assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getCabin(), alert.getRoute()))
                .containsExactly("OVERBOOKING", "CRITICAL", "Y", "FRA-LIS");
        assertThat(alert.getFlightId()).isEqualTo(42L);
        assertThat(alert.getObserved()).isEqualTo(107.0);
        assertThat(alert.getExpected()).isEqualTo(105.0);
        assertThat(alert.getEvidence()).containsExactly("held=7", "confirmed=100", "capacity=100", "flight-availability version 3",
                "over the allowance for 5.0 s");
        assertThat(alert.getExplanation()).contains("FD42", "cabin Y has 107 seats held or confirmed for 100 seats", "at most 105");
        assertThat(alert.getSourceTimestamp()).isEqualTo(T0.plusSeconds(2));
        assertThat(alert.getDetectedAt()).isEqualTo(NOW);
        assertThat(meters.counter("flightdeck.anomalies", "type", "OVERBOOKING", "severity", "CRITICAL").count()).isEqualTo(1.0);
    }

    @Test
    void shouldStaySilentWhenACabinComesBackWithinItsAllowanceBeforeTheConfirmationTime() {
        // A new hold counted before the expiry that freed its seat (it came from another booking partition).
        availability.pipeInput(7L, flight(7, 1, cabin("J", 9, 1, 9)), T0);
        availability.pipeInput(7L, flight(7, 2, cabin("J", 9, 2, 9)), T0.plusMillis(10));
        driver.advanceWallClockTime(Duration.ofMillis(20));
        availability.pipeInput(7L, flight(7, 3, cabin("J", 9, 1, 9)), T0.plusMillis(5));
        driver.advanceWallClockTime(CONFIRM.multipliedBy(3));

        assertThat(anomalies.readValuesToList()).isEmpty();
        assertThat(meters.counter("flightdeck.anomalies.dismissed", "type", "OVERBOOKING").count()).isEqualTo(1.0);
    }

    @Test
    void shouldForgetAPendingOverbookingOfADeletedFlight() {
        availability.pipeInput(7L, flight(7, 1, cabin("J", 9, 1, 9)), T0);
        availability.pipeInput(7L, flight(7, 2, cabin("J", 9, 2, 9)), T0.plusSeconds(1));
        availability.pipeInput(7L, null, T0.plusSeconds(2));
        driver.advanceWallClockTime(CONFIRM.multipliedBy(2));

        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    @Test
    void shouldRoundTheAllowanceUpToAWholeSeat() {
        // 9 seats, 5 %: 0.45 of a seat allowed, so one more: 10 is within, 11 is over.
        availability.pipeInput(7L, flight(7, 1, cabin("J", 9, 0, 10)), T0);
        assertThat(anomalies.readValuesToList()).isEmpty();
        assertThat(anomalies.readValuesToList()).isEmpty();
        availability.pipeInput(7L, flight(7, 2, cabin("J", 9, 1, 10)), T0.plusSeconds(1));
        driver.advanceWallClockTime(CONFIRM);
        assertThat(anomalies.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(List.of(alert.getObserved(), alert.getExpected())).containsExactly(11.0, 10.0));
    }

    @Test
    void shouldAlertAgainOnlyAfterTheCabinCameBackWithinItsAllowance() {
        availability.pipeInput(42L, flight(42, 1, cabin("Y", 100, 0, 100)), T0);
        availability.pipeInput(42L, flight(42, 2, cabin("Y", 100, 6, 100)), T0.plusSeconds(1)); // over
        driver.advanceWallClockTime(CONFIRM);
        availability.pipeInput(42L, flight(42, 3, cabin("Y", 100, 0, 100)), T0.plusSeconds(2)); // cleared
        availability.pipeInput(42L, flight(42, 4, cabin("Y", 100, 9, 100)), T0.plusSeconds(3)); // over again
        driver.advanceWallClockTime(CONFIRM);

        assertThat(anomalies.readValuesToList()).extracting(Anomaly::getId).containsExactly(
                Alerts.stableId("OVERBOOKING", 42L, "Y", 2L), Alerts.stableId("OVERBOOKING", 42L, "Y", 4L));
    }

    @Test
    void shouldNotTrustACapacityThatIsStillGrowingAsASeatMapStreamsIn() {
        // During the snapshot a flight is published with part of its seat map: 26 of 150 seats, then 90, then all.
        availability.pipeInput(41L, flight(41, 1, cabin("Y", 26, 3, 40)), T0);
        availability.pipeInput(41L, flight(41, 2, cabin("Y", 90, 3, 40)), T0.plusSeconds(1));
        availability.pipeInput(41L, flight(41, 3, cabin("Y", 150, 3, 40)), T0.plusSeconds(2));
        availability.pipeInput(41L, flight(41, 4, cabin("Y", 150, 4, 40)), T0.plusSeconds(3));
        driver.advanceWallClockTime(CONFIRM);
        assertThat(anomalies.readValuesToList()).isEmpty();
        // Once the capacity has held still, a real overbooking alerts.
        availability.pipeInput(41L, flight(41, 5, cabin("Y", 150, 4, 160)), T0.plusSeconds(4));
        driver.advanceWallClockTime(CONFIRM);
        assertThat(anomalies.readValuesToList()).extracting(Anomaly::getId)
                .containsExactly(Alerts.stableId("OVERBOOKING", 41L, "Y", 5L));
    }

    @Test
    void shouldIgnoreAnOlderVersionAfterANewerOne() {
        availability.pipeInput(42L, flight(42, 5, cabin("Y", 100, 0, 100)), T0);
        availability.pipeInput(42L, flight(42, 4, cabin("Y", 100, 9, 100)), T0.plusSeconds(1));
        driver.advanceWallClockTime(CONFIRM);

        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    // --- Double-booked seats ----------------------------------------------------------------------

    @Test
    void shouldAlertOnceWhenTwoActiveBookingsHoldTheSameSeat() {
        GenericRecord first = cdc.booking(7, 42, "Y", "10A", "CONFIRMED");
        GenericRecord second = cdc.booking(9, 42, "Y", "10A", "HELD");
        booking(Op.CREATE, null, first, T0);
        booking(Op.CREATE, null, second, T0.plusSeconds(5));
        booking(Op.UPDATE, second, CdcRecords.with(second, Map.of("status", "CONFIRMED")), T0.plusSeconds(6)); // still double

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).hasSize(1);
        Anomaly alert = alerts.getFirst();
        assertThat(alert.getId()).isEqualTo(Alerts.stableId("DOUBLE_BOOKED_SEAT", 42L, "10A", java.util.Set.of(7L, 9L).stream().sorted().toList()));
        assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getSeat())).containsExactly("DOUBLE_BOOKED_SEAT", "CRITICAL", "10A");
        assertThat(alert.getEvidence()).containsExactly("booking 7", "booking 9");
        assertThat(alert.getSourceTimestamp()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldStaySilentWhenABookingMovesToAFreeSeatOrASeatIsTakenAfterItWasLeft() {
        GenericRecord first = cdc.booking(7, 42, "Y", "10A", "CONFIRMED");
        booking(Op.CREATE, null, first, T0);
        GenericRecord moved = CdcRecords.with(first, Map.of("seat_no", "11B"));
        booking(Op.UPDATE, first, moved, T0.plusSeconds(1));
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10A", "HELD"), T0.plusSeconds(2)); // 10A is free now
        booking(Op.UPDATE, moved, CdcRecords.with(moved, Map.of("status", "CANCELLED")), T0.plusSeconds(3));
        booking(Op.CREATE, null, cdc.booking(11, 42, "Y", "11B", "HELD"), T0.plusSeconds(4)); // 11B was given back

        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    @Test
    void shouldNotPutABookingBackOnItsOldSeatWhenAnOldChangeIsRedelivered() {
        GenericRecord first = cdc.booking(7, 42, "Y", "10A", "CONFIRMED");
        byte[] created = cdc.change("booking", Op.CREATE, null, first, CdcRecords.At.binlog(pos++, T0));
        bookings.pipeInput(cdc.key("booking", first), created, T0);
        booking(Op.UPDATE, first, CdcRecords.with(first, Map.of("seat_no", "11B")), T0.plusSeconds(1));
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10A", "HELD"), T0.plusSeconds(2));
        bookings.pipeInput(cdc.key("booking", first), created, T0.plusSeconds(3)); // the creation again, after the move

        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    // --- Booking spikes ---------------------------------------------------------------------------

    @Test
    void shouldAlertOnceOnAWindowFarAboveTheFlightsOwnBaselineWhenTheWindowCloses() {
        Instant start = T0.plus(Duration.ofMinutes(10)); // window-aligned
        for (int minute = 0; minute < 10; minute++) {
            newBookings(42, 2, start.plus(Duration.ofMinutes(minute)));  // the usual: 2 a minute
        }
        Instant burst = start.plus(Duration.ofMinutes(10));
        newBookings(42, 40, burst);
        assertThat(anomalies.readValuesToList()).as("the burst's window is still open").isEmpty();
        newBookings(42, 1, burst.plus(Duration.ofSeconds(75))); // stream time passes its end + grace
        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(List.of(alert.getType(), alert.getSeverity())).containsExactly("BOOKING_SPIKE", "WARNING");
            assertThat(alert.getFlightId()).isEqualTo(42L);
            assertThat(alert.getObserved()).isEqualTo(40.0);
            assertThat(alert.getWindowStart()).isEqualTo(burst);
            assertThat(alert.getWindowEnd()).isEqualTo(burst.plus(Duration.ofMinutes(1)));
            assertThat(alert.getId()).isEqualTo(Alerts.stableId("BOOKING_SPIKE", 42L, burst.toEpochMilli()));
        });
        newBookings(42, 1, burst.plus(Duration.ofMinutes(5)));
        assertThat(anomalies.readValuesToList()).as("one verdict per window").isEmpty();
    }

    @Test
    void shouldStaySilentBelowTheMinimumCount() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        newBookings(7, 19, start); // a quiet flight's jump, but under spike.min.count
        newBookings(7, 1, start.plus(Duration.ofMinutes(2)));
        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    @Test
    void shouldCountABookingOnceWhenItsCreationIsRedelivered() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        List<byte[][]> created = new java.util.ArrayList<>();
        for (int i = 0; i < 19; i++) { // under spike.min.count once, over it if counted twice
            GenericRecord row = cdc.booking(200_000 + i, 7, "Y", null, "HELD");
            created.add(new byte[][] {cdc.key("booking", row), cdc.change("booking", Op.CREATE, null, row, CdcRecords.At.binlog(pos++, start))});
        }
        created.forEach(change -> bookings.pipeInput(change[0], change[1], start));
        created.forEach(change -> bookings.pipeInput(change[0], change[1], start.plusSeconds(1))); // redelivered after a restart
        newBookings(7, 1, start.plus(Duration.ofMinutes(2)));
        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    @Test
    void shouldJudgeAFlightWithoutHistoryAgainstZeroThenLearnItsBusyDay() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        for (int minute = 0; minute < 12; minute++) {
            newBookings(8, 30 + (minute % 3) * 5, start.plus(Duration.ofMinutes(minute))); // busy: 30-40 a minute
        }
        newBookings(8, 1, start.plus(Duration.ofMinutes(14)));
        // Its first window is far above a baseline of nothing; after that, 30-40 a minute is its usual.
        assertThat(anomalies.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getWindowStart()).isEqualTo(start));
    }

    @Test
    void shouldCountALateBookingWithinTheGracePeriodInItsOwnWindow() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        newBookings(42, 19, start);
        newBookings(9, 1, start.plus(Duration.ofSeconds(65))); // stream time past the window's end, within grace
        newBookings(42, 1, start.plus(Duration.ofSeconds(30))); // late, but within grace: the window reaches 20
        newBookings(9, 1, start.plus(Duration.ofSeconds(80))); // past end + grace: the window closes
        assertThat(anomalies.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getObserved()).isEqualTo(20.0));
    }

    @Test
    void shouldCountBookingsWrittenUnderANewSchemaAfterAColumnWasAdded() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        newBookings(42, 10, start);
        Schema evolved = cdc.rowSchemaWithColumnAdded("booking", "loyalty_tier");
        for (int i = 0; i < 15; i++) {
            long id = 100_000 + pos;
            GenericRecord row = cdc.row(evolved, Map.of("id", id, "reference", "R" + id, "flight_id", 42L, "passenger_id", 5L,
                    "cabin", "Y", "status", "HELD", "fare", new BigDecimal("99.00"), "currency", "EUR", "loyalty_tier", "GOLD"));
            booking(Op.CREATE, null, row, start.plusSeconds(1));
        }
        newBookings(42, 1, start.plus(Duration.ofMinutes(2)));
        assertThat(anomalies.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getObserved()).as("10 before and 15 after the DDL").isEqualTo(25.0));
    }

    @Test
    void shouldAlertOnARouteWhoseFlightsTogetherSpikeWhileNoFlightDoesAlone() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        flightRow(Op.READ, null, cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320"), T0);
        flightRow(Op.READ, null, cdc.flight(43, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(4)), "A320"), T0);
        flightRow(Op.READ, null, cdc.flight(44, "FD44", "LIS", "FRA", T0.plus(Duration.ofDays(3)), "A320"), T0);
        for (int minute = 0; minute < 5; minute++) {
            newBookings(42, 2, start.plus(Duration.ofMinutes(minute)));
            newBookings(43, 2, start.plus(Duration.ofMinutes(minute)));
        }
        Instant burst = start.plus(Duration.ofMinutes(5));
        newBookings(42, 18, burst); // under the flight minimum of 20 each; 36 on the route, over its 30
        newBookings(43, 18, burst);
        newBookings(44, 19, burst); // the other direction is another route, and 19 is under both minimums
        newBookings(42, 1, burst.plus(Duration.ofMinutes(2)));
        newBookings(44, 1, burst.plus(Duration.ofMinutes(2)));

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).as(alerts.toString()).singleElement().satisfies(alert -> {
            assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getRoute())).containsExactly("BOOKING_SPIKE", "WARNING", "FRA-LIS");
            assertThat(alert.getFlightId()).isNull();
            assertThat(alert.getObserved()).isEqualTo(36.0);
            assertThat(alert.getWindowStart()).isEqualTo(burst);
            assertThat(alert.getId()).isEqualTo(Alerts.stableId("BOOKING_SPIKE", "FRA-LIS", burst.toEpochMilli()));
            assertThat(alert.getExplanation()).startsWith("Route FRA-LIS got 36 new bookings");
        });
    }

    @Test
    void shouldAlertOnceOnABurstOfCancellationsOnARouteAndNotOnItsUsualFew() {
        Instant start = T0.plus(Duration.ofMinutes(10));
        flightRow(Op.READ, null, cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320"), T0);
        List<GenericRecord> confirmed = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            GenericRecord row = cdc.booking(500 + i, 42, "Y", null, "CONFIRMED");
            booking(Op.READ, null, row, T0); // the snapshot's bookings: history, not activity
            confirmed.add(row);
        }
        for (int minute = 0; minute < 5; minute++) { // the usual: one cancellation a minute
            GenericRecord row = confirmed.remove(0);
            booking(Op.UPDATE, row, CdcRecords.with(row, Map.of("status", "CANCELLED")), start.plus(Duration.ofMinutes(minute)));
        }
        Instant burst = start.plus(Duration.ofMinutes(5));
        for (int i = 0; i < 12; i++) {
            GenericRecord row = confirmed.remove(0);
            GenericRecord cancelled = CdcRecords.with(row, Map.of("status", "CANCELLED"));
            booking(Op.UPDATE, row, cancelled, burst.plusSeconds(i));
            booking(Op.UPDATE, cancelled, CdcRecords.with(cancelled, Map.of("fare", new BigDecimal("0.00"))), burst.plusSeconds(i)); // a refund: not a second cancellation
        }
        GenericRecord later = confirmed.remove(0); // windows close as stream time passes, moved by later cancellations
        booking(Op.UPDATE, later, CdcRecords.with(later, Map.of("status", "CANCELLED")), burst.plus(Duration.ofMinutes(2)));

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getRoute()))
                    .containsExactly("CANCELLATION_BURST", "WARNING", "FRA-LIS");
            assertThat(alert.getObserved()).isEqualTo(12.0);
            assertThat(alert.getId()).isEqualTo(Alerts.stableId("CANCELLATION_BURST", "FRA-LIS", burst.toEpochMilli()));
            assertThat(alert.getEvidence()).contains("cancellations in window 12");
        });
    }

    @Test
    void shouldLetTheDefaultMinimumIgnoreABusyRoutesChancePeakAfterAQuietSpellButCatchASplitInjectedBurst() {
        restartWith(productionDefaults());
        flightRow(Op.READ, null, cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320"), T0);
        List<GenericRecord> confirmed = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            GenericRecord row = cdc.booking(500 + i, 42, "Y", null, "CONFIRMED");
            booking(Op.READ, null, row, T0);
            confirmed.add(row);
        }
        Instant start = T0.plus(Duration.ofMinutes(10));
        for (int minute = 0; minute < 5; minute++) { // its usual: two a minute
            cancel(confirmed, 2, start.plus(Duration.ofMinutes(minute)));
        }
        // An hour without traffic decays the baseline to nearly nothing; then 12 come in one minute, which a
        // route with two a minute sees by chance about once in 100,000 minutes.
        Instant peak = start.plus(Duration.ofMinutes(65));
        cancel(confirmed, 12, peak);
        cancel(confirmed, 2, peak.plus(Duration.ofMinutes(1)));
        cancel(confirmed, 2, peak.plus(Duration.ofMinutes(2)));
        assertThat(anomalies.readValuesToList()).as("a chance peak under the default minimum").isEmpty();

        // The smallest injected burst (50), split by a window boundary at its worst: the first part just under the
        // minimum raises the route's mean and variance, and the rest must still be above them.
        Instant boundary = peak.plus(Duration.ofMinutes(4));
        cancel(confirmed, 19, boundary.minusSeconds(2));
        cancel(confirmed, 31, boundary.plusSeconds(1));
        cancel(confirmed, 2, boundary.plus(Duration.ofMinutes(2))); // moves stream time past both windows
        assertThat(anomalies.readValuesToList()).extracting(Anomaly::getType, Anomaly::getObserved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CANCELLATION_BURST", 31.0));
    }

    /** Cancels {@code count} of the confirmed bookings, committed a few milliseconds apart from {@code at}. */
    private void cancel(List<GenericRecord> confirmed, int count, Instant at) {
        for (int i = 0; i < count; i++) {
            GenericRecord row = confirmed.remove(0);
            booking(Op.UPDATE, row, CdcRecords.with(row, Map.of("status", "CANCELLED")), at.plusMillis(10L * i));
        }
    }

    // --- Freshness --------------------------------------------------------------------------------

    @Test
    void shouldWarnOnceWhileChangesArriveLateAndAgainOnlyAfterTheLagCleared() {
        // The wall clock starts at T0; changes committed 45 s before it reach the detector 45 s late.
        GenericRecord flight = cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320");
        flightRow(Op.READ, null, flight, T0.minus(Duration.ofHours(1))); // the snapshot is old by nature: no alert
        newBookings(42, 3, T0.minusSeconds(45));
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD);
        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getTable())).containsExactly("FRESHNESS", "WARNING", "flights.booking");
            assertThat(alert.getObserved()).isEqualTo(45.0);
            assertThat(alert.getExpected()).isEqualTo(30.0);
            assertThat(alert.getId()).isEqualTo(Alerts.stableId("FRESHNESS", "flights.booking", T0.minusSeconds(45).toEpochMilli()));
        });

        Instant wall = T0.plus(FreshnessProbe.SAMPLE_PERIOD);
        newBookings(42, 1, wall.minusSeconds(20)); // better, but not under half the limit: the episode stays open
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD);
        wall = wall.plus(FreshnessProbe.SAMPLE_PERIOD);
        newBookings(42, 1, wall.minusSeconds(40)); // late again, same episode
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD);
        assertThat(anomalies.readValuesToList()).as("one alert per episode").isEmpty();

        wall = wall.plus(FreshnessProbe.SAMPLE_PERIOD);
        newBookings(42, 1, wall.minusSeconds(2)); // caught up: the episode closes
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD);
        wall = wall.plus(FreshnessProbe.SAMPLE_PERIOD);
        newBookings(42, 1, wall.minusSeconds(31));
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD);
        assertThat(anomalies.readValuesToList()).singleElement()
                .satisfies(alert -> assertThat(alert.getObserved()).isEqualTo(31.0));
    }

    @Test
    void shouldStaySilentWhenTheLagIsJustUnderTheLimit() {
        newBookings(42, 1, T0.minusSeconds(30));
        GenericRecord flight = cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320");
        flightRow(Op.CREATE, null, flight, T0.minusSeconds(29));
        driver.advanceWallClockTime(FreshnessProbe.SAMPLE_PERIOD.multipliedBy(3));
        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    // --- Fares ------------------------------------------------------------------------------------

    @Test
    void shouldAlertOnceWhenAFareJumpsAboveTheLimitWithinItsWindow() {
        GenericRecord flight = cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320"); // 149.00
        flightRow(Op.READ, null, flight, T0);
        GenericRecord edge = CdcRecords.with(flight, Map.of("base_fare", new BigDecimal("223.50"))); // exactly +50 %: no alert
        flightRow(Op.UPDATE, flight, edge, T0.plusSeconds(60));
        GenericRecord spiked = CdcRecords.with(edge, Map.of("base_fare", new BigDecimal("447.00")));
        flightRow(Op.UPDATE, edge, spiked, T0.plusSeconds(120));
        GenericRecord higher = CdcRecords.with(spiked, Map.of("base_fare", new BigDecimal("600.00")));
        flightRow(Op.UPDATE, spiked, higher, T0.plusSeconds(180)); // same window: no second alert

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).hasSize(1);
        Anomaly alert = alerts.getFirst();
        assertThat(List.of(alert.getType(), alert.getSeverity(), alert.getRoute())).containsExactly("FARE_ANOMALY", "WARNING", "FRA-LIS");
        assertThat(alert.getObserved()).isEqualTo(447.0);
        assertThat(alert.getExpected()).isEqualTo(223.5);
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(alert.getEvidence()).containsExactly("fare before 223.50", "fare after 447.00", "fare at window start 149.00");
        assertThat(alert.getId()).isEqualTo(Alerts.stableId("FARE_ANOMALY", 42L, T0.toEpochMilli()));
    }

    @Test
    void shouldAlertOnAFareBelowTheFloorAndStaySilentOnOrdinaryChanges() {
        GenericRecord flight = cdc.flight(42, "FD42", "FRA", "LIS", T0.plus(Duration.ofDays(3)), "A320");
        flightRow(Op.READ, null, flight, T0);
        GenericRecord cheaper = CdcRecords.with(flight, Map.of("base_fare", new BigDecimal("129.00")));
        flightRow(Op.UPDATE, flight, cheaper, T0.plusSeconds(60));
        assertThat(anomalies.readValuesToList()).isEmpty();
        GenericRecord typo = CdcRecords.with(cheaper, Map.of("base_fare", new BigDecimal("12.90")));
        flightRow(Op.UPDATE, cheaper, typo, T0.plusSeconds(120));

        assertThat(anomalies.readValuesToList()).singleElement().satisfies(alert -> {
            assertThat(alert.getExplanation()).contains("fell below the floor", "12.90");
            assertThat(alert.getExpected()).isEqualTo(20.0);
        });
    }

    // --- Schema drift -----------------------------------------------------------------------------

    @Test
    void shouldWarnOnAnAdditiveChangeAndRaiseACriticalAlertOnADropOrRename() {
        schemaChange("CREATE TABLE `booking` (`id` bigint NOT NULL)", "booking", true, T0); // the snapshot's DDL
        schemaChange("ALTER TABLE booking ADD COLUMN loyalty_tier VARCHAR(10) NULL", "booking", false, T0.plusSeconds(1));
        schemaChange("ALTER TABLE booking DROP COLUMN loyalty_tier", "booking", false, T0.plusSeconds(2));
        schemaChange("ALTER TABLE flight RENAME COLUMN status TO flight_status", "flight", false, T0.plusSeconds(3));

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).extracting(Anomaly::getSeverity).containsExactly("WARNING", "CRITICAL", "CRITICAL");
        assertThat(alerts).extracting(Anomaly::getTable).containsExactly("flights.booking", "flights.booking", "flights.flight");
        assertThat(alerts.get(1).getEvidence()).containsExactly("ALTER TABLE booking DROP COLUMN loyalty_tier");
        assertThat(alerts).extracting(Anomaly::getId).doesNotHaveDuplicates();
    }

    // --- Records that cannot be read ----------------------------------------------------------------

    @Test
    void shouldSendABookingItCannotDecodeToTheDeadLetterTopicAndDetectOnTheNextOne() {
        booking(Op.CREATE, null, cdc.booking(7, 42, "Y", "10A", "CONFIRMED"), T0);
        bookings.pipeInput("k".getBytes(), "{\"not\": \"avro\"}".getBytes(), T0.plusSeconds(1));
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10A", "HELD"), T0.plusSeconds(2));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(new String(record.value())).isEqualTo("{\"not\": \"avro\"}");
            assertThat(header(record, "__streams.errors.topic")).isEqualTo("cdc.flights.booking");
            assertThat(header(record, "__streams.errors.exception")).isEqualTo("dev.flightdeck.cdc.InvalidWireFormatException");
            assertThat(header(record, "__streams.errors.message")).contains("not the Confluent magic byte");
        });
        // The dead letter comes back through anomaly-detector-dlq, which the app watches too.
        assertThat(anomalies.readValuesToList()).extracting(Anomaly::getType).containsExactly("DEAD_LETTERS", "DOUBLE_BOOKED_SEAT");
    }

    @Test
    void shouldDeadLetterRecordsThatDeclareAHugeStringOrCollectionAndDetectOnTheNextOne() {
        booking(Op.CREATE, null, cdc.booking(7, 42, "Y", "10A", "CONFIRMED"), T0);
        bookings.pipeInput("k".getBytes(), cdc.bookingDeclaringAHugeString(), T0.plusSeconds(1));
        schemaChanges.pipeInput(new byte[0], cdc.schemaChangeDeclaringAHugeCollection(), T0.plusSeconds(1));
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10A", "HELD"), T0.plusSeconds(2));
        schemaChange("ALTER TABLE booking ADD COLUMN loyalty_tier VARCHAR(8) NULL", "booking", false, T0.plusSeconds(3));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo("cdc.flights.booking");
        assertThat(header(dead.get(0), "__streams.errors.message")).contains("String length 2000000000 exceeds");
        assertThat(header(dead.get(1), "__streams.errors.topic")).isEqualTo("cdc");
        assertThat(header(dead.get(1), "__streams.errors.message")).contains("Collection length 2000000000 exceeds");
        // Both dead letters come back through anomaly-detector-dlq, one window: one DEAD_LETTERS warning, with the first reason.
        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).extracting(Anomaly::getType).containsExactly("DEAD_LETTERS", "DOUBLE_BOOKED_SEAT", "SCHEMA_DRIFT");
        assertThat(alerts.getFirst().getEvidence()).contains("dead-letter topic anomaly-detector-dlq offset 0")
                .anySatisfy(line -> assertThat(line).startsWith("reason: InvalidWireFormatException: the record declares more than"));
    }

    // --- Dead letters -----------------------------------------------------------------------------

    @Test
    void shouldWarnOncePerDeadLetterTopicAndWindowWithTheFirstReason() {
        TestInputTopic<byte[], byte[]> seatDlq = dlq("seat-availability-dlq");
        TestInputTopic<byte[], byte[]> redisDlq = dlq("redis-sink-flights-dlq");
        Instant window = Instant.parse("2026-11-25T10:00:00Z");
        seatDlq.pipeInput(new TestRecord<>(null, "x".getBytes(), streamsErrorHeaders(), window.plusSeconds(5)));
        seatDlq.pipeInput(new TestRecord<>(null, "y".getBytes(), streamsErrorHeaders(), window.plusSeconds(60)));
        redisDlq.pipeInput(new TestRecord<>(null, "z".getBytes(), connectErrorHeaders(), window.plusSeconds(90)));
        seatDlq.pipeInput(new TestRecord<>(null, "w".getBytes(), streamsErrorHeaders(), window.plus(DEAD_LETTERS_WINDOW).plusSeconds(1)));

        List<Anomaly> alerts = anomalies.readValuesToList();
        assertThat(alerts).extracting(Anomaly::getId).containsExactly(
                Alerts.stableId("DEAD_LETTERS", "seat-availability-dlq", window.toEpochMilli()),
                Alerts.stableId("DEAD_LETTERS", "redis-sink-flights-dlq", window.toEpochMilli()),
                Alerts.stableId("DEAD_LETTERS", "seat-availability-dlq", window.plus(DEAD_LETTERS_WINDOW).toEpochMilli()));
        Anomaly first = alerts.getFirst();
        assertThat(List.of(first.getType(), first.getSeverity())).containsExactly("DEAD_LETTERS", "WARNING");
        assertThat(first.getWindowStart()).isEqualTo(window);
        assertThat(first.getWindowEnd()).isEqualTo(window.plus(DEAD_LETTERS_WINDOW));
        assertThat(first.getEvidence()).containsExactly("dead-letter topic seat-availability-dlq offset 0",
                "from cdc.flights.booking-0 offset 17",
                "reason: InvalidWireFormatException: first byte is 0x7b, not the Confluent magic byte 0x00");
        assertThat(first.getExplanation()).startsWith("Records are being set aside in seat-availability-dlq");
        assertThat(alerts.get(1).getEvidence()).contains("from flight-availability-3 offset 1200",
                "reason: ConnectException: Redis did not answer within 5 s");
        assertThat(meters.counter("flightdeck.anomalies", "type", "DEAD_LETTERS", "severity", "WARNING").count()).isEqualTo(3.0);
    }

    @Test
    void shouldReadTheDeadLetterTopicsByPatternSoThatAMissingOneDoesNotStopTheApp() {
        TopologyDescription described = AnomalyTopology.build(TOPICS, wiring).describe();

        assertThat(described.subtopologies()).flatExtracting(TopologyDescription.Subtopology::nodes)
                .filteredOn(node -> node.name().equals("dead-letters")).singleElement()
                .satisfies(node -> {
                    TopologyDescription.Source source = (TopologyDescription.Source) node;
                    assertThat(source.topicSet()).isNull();
                    assertThat(source.topicPattern().pattern()).contains("\\Qredis-sink-flights-dlq\\E");
                    assertThat(source.topicPattern().matcher("elasticsearch-sink-flights-dlq").matches()).isTrue();
                    assertThat(source.topicPattern().matcher("seat-availability-dlq-other").matches()).isFalse();
                });
    }

    /**
     * Kafka Streams' test driver passes no dead letters of deserialization failures on (the
     * handler runs, its records are dropped), so only the going on is checked here.
     */
    @Test
    void shouldSkipAnAvailabilityRecordItCannotDeserializeAndGoOn() {
        driver.createInputTopic(TOPICS.flightAvailability(), Serdes.Long().serializer(), Serdes.ByteArray().serializer(), T0,
                Duration.ofMillis(10)).pipeInput(42L, "garbage".getBytes(), T0);
        availability.pipeInput(42L, flight(42, 1, cabin("Y", 100, 0, 100)), T0.plusSeconds(1));
        availability.pipeInput(42L, flight(42, 2, cabin("Y", 100, 6, 100)), T0.plusSeconds(2));
        driver.advanceWallClockTime(CONFIRM);

        assertThat(anomalies.readValuesToList()).extracting(Anomaly::getType).containsExactly("OVERBOOKING");
    }

    // --- Helpers ----------------------------------------------------------------------------------

    private TestInputTopic<byte[], byte[]> dlq(String topic) {
        return driver.createInputTopic(topic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    /** What Kafka Streams' error handlers write on a dead letter. */
    private static Headers streamsErrorHeaders() {
        return new RecordHeaders()
                .add("__streams.errors.exception", "dev.flightdeck.cdc.InvalidWireFormatException".getBytes())
                .add("__streams.errors.message", "first byte is 0x7b, not the Confluent magic byte 0x00".getBytes())
                .add("__streams.errors.topic", "cdc.flights.booking".getBytes())
                .add("__streams.errors.partition", "0".getBytes())
                .add("__streams.errors.offset", "17".getBytes());
    }

    /** What Kafka Connect writes on a dead letter with errors.deadletterqueue.context.headers.enable. */
    private static Headers connectErrorHeaders() {
        return new RecordHeaders()
                .add("__connect.errors.topic", "flight-availability".getBytes())
                .add("__connect.errors.partition", "3".getBytes())
                .add("__connect.errors.offset", "1200".getBytes())
                .add("__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.ConnectException".getBytes())
                .add("__connect.errors.exception.message", "Redis did not answer within 5 s".getBytes());
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }

    private void booking(Op op, GenericRecord before, GenericRecord after, Instant committed) {
        GenericRecord row = after != null ? after : before;
        bookings.pipeInput(cdc.key("booking", row), cdc.change("booking", op, before, after, CdcRecords.At.binlog(pos++, committed)),
                committed);
    }

    /** {@code count} bookings created on the flight, committed at {@code at} (one binlog position each). */
    private void newBookings(long flightId, int count, Instant at) {
        for (int i = 0; i < count; i++) {
            long id = 100_000 + pos;
            booking(Op.CREATE, null, cdc.booking(id, flightId, "Y", null, "HELD"), at);
        }
    }

    private void flightRow(Op op, GenericRecord before, GenericRecord after, Instant committed) {
        GenericRecord row = after != null ? after : before;
        CdcRecords.At at = op == Op.READ ? CdcRecords.At.snapshot(committed) : CdcRecords.At.binlog(pos++, committed);
        flights.pipeInput(cdc.key("flight", row), cdc.change("flight", op, before, after, at), committed);
    }

    private void schemaChange(String ddl, String table, boolean snapshot, Instant committed) {
        CdcRecords.At at = snapshot ? CdcRecords.At.snapshot(committed) : CdcRecords.At.binlog(pos++, committed);
        schemaChanges.pipeInput(new byte[0], cdc.schemaChange(ddl, table, at), committed);
    }

    private static CabinAvailability cabin(String cabin, int capacity, int held, int confirmed) {
        return CabinAvailability.newBuilder().setCabin(cabin).setCapacity(capacity).setHeld(held).setConfirmed(confirmed)
                .setAvailable(capacity - held - confirmed).build();
    }

    private static FlightAvailability flight(long id, long version, CabinAvailability... cabins) {
        return FlightAvailability.newBuilder().setFlightId(id).setFlightNumber("FD" + id).setOrigin("FRA").setDestination("LIS")
                .setDepartureTime(T0.plus(Duration.ofDays(3))).setArrivalTime(T0.plus(Duration.ofDays(3)).plusSeconds(10_800))
                .setAircraftType("A320").setAircraftModel(null).setStatus("SCHEDULED").setBaseFare(new BigDecimal("149.00"))
                .setCurrency("EUR").setCabins(List.of(cabins)).setTakenSeats(List.of()).setVersion(version)
                .setSourceTimestamp(T0.plusSeconds(version - 1)).setUpdatedAt(T0.plusSeconds(version)).build();
    }
}
