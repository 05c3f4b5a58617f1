package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.testing.AvroSingleObjectSerde;
import dev.flightdeck.cdc.testing.CdcRecords;
import dev.flightdeck.cdc.testing.CdcRecords.At;
import dev.flightdeck.schemas.CabinAvailability;
import dev.flightdeck.schemas.FlightAvailability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on Kafka Streams' test driver, one case per behaviour, records piped with explicit
 * timestamps and the whole output compared. Inputs are Debezium-shaped records (the schemas
 * Debezium registered on the real stack). Kafka Streams runs with the app's production settings
 * (exactly_once_v2, the dead-letter handlers and topic).
 */
class SeatAvailabilityTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant DEPARTURE = Instant.parse("2026-12-01T07:30:00Z");
    private static final SeatAvailabilityTopology.Topics TOPICS = new SeatAvailabilityTopology.Topics(
            "cdc.flights.booking", "cdc.flights.flight", "cdc.flights.seat_map", "cdc.flights.aircraft_type",
            "flight-availability", "seat-availability-aircraft-seating");

    @TempDir
    Path stateDir;

    private final CdcRecords cdc = new CdcRecords();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> bookings;
    private TestInputTopic<byte[], byte[]> flights;
    private TestInputTopic<byte[], byte[]> seatMap;
    private TestInputTopic<byte[], byte[]> aircraftTypes;
    private TestOutputTopic<Long, FlightAvailability> availability;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private long pos = 1000;
    private SeatAvailabilityTopology.Wiring wiring;

    @BeforeEach
    void start() {
        SeatAvailabilityConfig config = new SeatAvailabilityConfig(Map.of(
                SeatAvailabilityConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                SeatAvailabilityConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused",
                SeatAvailabilityConfig.APICURIO_REGISTRY_URL_CONFIG, "http://unused",
                SeatAvailabilityConfig.APPLICATION_ID_CONFIG, "seat-availability-test",
                SeatAvailabilityConfig.STATE_DIR_CONFIG, stateDir.toString()));
        Properties props = config.streamsProperties();
        wiring = new SeatAvailabilityTopology.Wiring(
                new FlightsChanges(cdc.decoder()), Serdes.Long(), new AvroSingleObjectSerde<FlightAvailability>(FlightAvailability.getClassSchema()),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), new SimpleMeterRegistry(),
                new LivePartitions());
        driver = new TopologyTestDriver(SeatAvailabilityTopology.build(TOPICS, wiring), props, T0);
        Serializer<byte[]> bytes = Serdes.ByteArray().serializer();
        bookings = driver.createInputTopic(TOPICS.bookings(), bytes, bytes, T0, Duration.ofMillis(10));
        flights = driver.createInputTopic(TOPICS.flights(), bytes, bytes, T0, Duration.ofMillis(10));
        seatMap = driver.createInputTopic(TOPICS.seatMap(), bytes, bytes, T0, Duration.ofMillis(10));
        aircraftTypes = driver.createInputTopic(TOPICS.aircraftTypes(), bytes, bytes, T0, Duration.ofMillis(10));
        availability = driver.createOutputTopic(TOPICS.flightAvailability(), Serdes.Long().deserializer(),
                new AvroSingleObjectSerde<FlightAvailability>(FlightAvailability.getClassSchema()).deserializer());
        Deserializer<byte[]> raw = Serdes.ByteArray().deserializer();
        deadLetters = driver.createOutputTopic(config.deadLetterTopic(), raw, raw);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // --- Cases ----------------------------------------------------------------------------------

    @Test
    void shouldRepartitionBookingsByFlightOnceAndNothingAfterTheApplyStep() {
        String described = SeatAvailabilityTopology.build(TOPICS, wiring).describe().toString();

        assertThat(described).contains(SeatAvailabilityTopology.FLIGHT_INPUTS + "-repartition")
                .doesNotContain(SeatAvailabilityTopology.FLIGHTS_TO_PUBLISH + "-repartition");
    }

    @Test
    void shouldPublishAFlightOnceItsRowAndItsAircraftsSeatMapAreKnown() {
        givenAnA320WithTwoBusinessAndThreeEconomySeats();
        flightRow(Op.READ, null, flight(42, "A320"));

        assertThat(availability.readRecordsToList()).extracting(TestRecord::key, TestRecord::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(42L, expected(42, "A320", "A320-200", 1, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0))));
    }

    @Test
    void shouldCountABookingThroughHeldConfirmedAndCancelled() {
        givenFlight42OnAnA320();
        GenericRecord held = cdc.booking(7, 42, "Y", "10A", "HELD");
        GenericRecord confirmed = CdcRecords.with(held, Map.of("status", "CONFIRMED"));
        GenericRecord cancelled = CdcRecords.with(confirmed, Map.of("status", "CANCELLED"));
        booking(Op.CREATE, null, held);
        booking(Op.UPDATE, held, confirmed);
        booking(Op.UPDATE, confirmed, cancelled);

        assertThat(values()).containsExactly(
                expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 1, 0), "10A"),
                expected(42, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10A"),
                expected(42, 4, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0)));
    }

    @Test
    void shouldFreeThePlaceAndSeatOfADeletedBookingAndIgnoreItsTombstone() {
        givenFlight42OnAnA320();
        GenericRecord held = cdc.booking(7, 42, "J", "1A", "HELD");
        booking(Op.CREATE, null, held);
        booking(Op.DELETE, held, null);
        bookings.pipeInput(cdc.key("booking", held), null, T0);

        assertThat(values()).containsExactly(
                expected(42, 2, cabin("J", 2, 1, 0), cabin("Y", 3, 0, 0), "1A"),
                expected(42, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0)));
    }

    @Test
    void shouldMoveABookingToAnotherSeatThenCabinThenFlight() {
        givenFlight42OnAnA320();
        flightRow(Op.READ, null, flight(43, "A320"));
        availability.readRecordsToList();
        GenericRecord seat10A = cdc.booking(7, 42, "Y", "10A", "CONFIRMED");
        GenericRecord seat10B = CdcRecords.with(seat10A, Map.of("seat_no", "10B"));
        GenericRecord business = CdcRecords.with(seat10B, Map.of("cabin", "J", "seat_no", "1B"));
        GenericRecord otherFlight = CdcRecords.with(business, Map.of("flight_id", 43L));
        booking(Op.CREATE, null, seat10A);
        booking(Op.UPDATE, seat10A, seat10B);
        booking(Op.UPDATE, seat10B, business);
        booking(Op.UPDATE, business, otherFlight);

        assertThat(availability.readRecordsToList()).extracting(TestRecord::key, TestRecord::value).containsExactly(
                tuple(42L, expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10A")),
                tuple(42L, expected(42, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10B")),
                tuple(42L, expected(42, 4, cabin("J", 2, 0, 1), cabin("Y", 3, 0, 0), "1B")),
                tuple(42L, expected(42, 5, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0))),
                tuple(43L, expected(43, 2, cabin("J", 2, 0, 1), cabin("Y", 3, 0, 0), "1B")));
    }

    @Test
    void shouldDeriveAFlightsTakenSeatsFromItsOwnBookingsOnly() {
        givenFlight42OnAnA320();
        GenericRecord on4 = cdc.booking(1, 4, "Y", "10A", "HELD");
        GenericRecord on42 = cdc.booking(2, 42, "Y", "10B", "CONFIRMED");
        GenericRecord alsoOn42 = cdc.booking(3, 42, "J", "1A", "HELD");
        GenericRecord on420 = cdc.booking(4, 420, "Y", "10C", "HELD");
        GenericRecord cancelledOn42 = CdcRecords.with(cdc.booking(5, 42, "Y", "10D", "HELD"), Map.of("status", "CANCELLED"));
        for (GenericRecord created : List.of(on4, on42, alsoOn42, on420, cancelledOn42)) {
            booking(Op.CREATE, null, created);
        }

        // Flight 42's key prefix "42/" must match neither flight 4's bookings nor flight 420's.
        assertThat(FlightPlaces.takenSeats(driver.<String, PlaceOnFlight>getKeyValueStore(SeatAvailabilityTopology.FLIGHT_PLACES), 42))
                .isEqualTo(TakenSeats.of(List.of("1A", "10B")));
        assertThat(values()).last().isEqualTo(expected(42, 4, cabin("J", 2, 1, 0), cabin("Y", 3, 0, 1), "1A", "10B"));
    }

    @Test
    void shouldChangeCapacityWhenTheFlightsAircraftIsSwapped() {
        givenFlight42OnAnA320();
        seat("E190", "1A", "J");
        seat("E190", "20A", "Y");
        booking(Op.CREATE, null, cdc.booking(7, 42, "Y", null, "CONFIRMED"));
        availability.readRecordsToList();
        GenericRecord a320 = flight(42, "A320");
        flightRow(Op.UPDATE, a320, CdcRecords.with(a320, Map.of("aircraft_type", "E190")));

        assertThat(values()).containsExactly(
                expected(42, "E190", null, 3, cabin("J", 1, 0, 0), cabin("Y", 1, 0, 1)));
    }

    @Test
    void shouldTreatSnapshotReadsLikeRows() {
        givenFlight42OnAnA320();
        bookings.pipeInput(cdc.key("booking", cdc.booking(7, 42, "Y", "10C", "CONFIRMED")),
                cdc.change("booking", Op.READ, null, cdc.booking(7, 42, "Y", "10C", "CONFIRMED"), At.snapshot(T0)), T0);

        assertThat(values()).containsExactly(expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10C"));
    }

    @Test
    void shouldApplyTheSameChangeOnceWhenItIsDeliveredTwiceOrLate() {
        givenFlight42OnAnA320();
        GenericRecord held = cdc.booking(7, 42, "Y", "10A", "HELD");
        GenericRecord confirmed = CdcRecords.with(held, Map.of("status", "CONFIRMED"));
        byte[] create = cdc.change("booking", Op.CREATE, null, held, At.binlog(2000, T0));
        byte[] confirm = cdc.change("booking", Op.UPDATE, held, confirmed, At.binlog(2100, T0.plusSeconds(1)));
        byte[] key = cdc.key("booking", held);
        bookings.pipeInput(key, create, T0);
        bookings.pipeInput(key, confirm, T0.plusMillis(10));
        bookings.pipeInput(key, confirm, T0.plusMillis(20)); // delivered twice
        bookings.pipeInput(key, create, T0.plusMillis(30));  // an older change redelivered late

        assertThat(values()).containsExactly(
                expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 1, 0), "10A"),
                committedAt(T0.plusSeconds(1), expected(42, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10A")));
    }

    @Test
    void shouldNotPutBackABookingThatLeftWhenAnOlderChangeArrivesLate() {
        givenFlight42OnAnA320();
        flightRow(Op.READ, null, flight(43, "A320"));
        availability.readRecordsToList();
        GenericRecord on42 = cdc.booking(7, 42, "Y", "10A", "CONFIRMED");
        GenericRecord on43 = CdcRecords.with(on42, Map.of("flight_id", 43L));
        byte[] create = cdc.change("booking", Op.CREATE, null, on42, At.binlog(2000, T0));
        byte[] move = cdc.change("booking", Op.UPDATE, on42, on43, At.binlog(2100, T0.plusSeconds(1)));
        byte[] delete = cdc.change("booking", Op.DELETE, on43, null, At.binlog(2200, T0.plusSeconds(2)));
        byte[] key = cdc.key("booking", on42);
        bookings.pipeInput(key, create, T0);
        bookings.pipeInput(key, move, T0.plusMillis(10));
        bookings.pipeInput(key, create, T0.plusMillis(20)); // late: must not put the booking back on 42
        bookings.pipeInput(key, delete, T0.plusMillis(30));
        bookings.pipeInput(key, move, T0.plusMillis(40));   // late: must not put the deleted booking back on 43

        assertThat(availability.readRecordsToList()).extracting(TestRecord::key, TestRecord::value).containsExactly(
                tuple(42L, expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10A")),
                tuple(42L, committedAt(T0.plusSeconds(1), expected(42, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0)))),
                tuple(43L, committedAt(T0.plusSeconds(1), expected(43, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 1), "10A"))),
                tuple(43L, committedAt(T0.plusSeconds(2), expected(43, 3, cabin("J", 2, 0, 0), cabin("Y", 3, 0, 0)))));
    }

    @Test
    void shouldReachTheSameAvailabilityWhateverOrderTheTablesArriveIn() {
        booking(Op.CREATE, null, cdc.booking(7, 42, "Y", "10A", "CONFIRMED"));
        booking(Op.CREATE, null, cdc.booking(8, 42, "J", null, "HELD"));
        assertThat(availability.readRecordsToList()).as("nothing is known about flight 42 yet").isEmpty();

        flightRow(Op.READ, null, flight(42, "A320"));
        assertThat(availability.readRecordsToList()).as("its aircraft's seat map is not known yet").isEmpty();

        givenAnA320WithTwoBusinessAndThreeEconomySeats();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(values()).containsExactly(expected(42, 1, cabin("J", 2, 1, 0), cabin("Y", 3, 0, 1), "10A"));
    }

    @Test
    void shouldLetAvailabilityGoNegativeOnlyWhenTheFlightIsReallyOverbooked() {
        givenFlight42OnAnA320();
        for (long id = 1; id <= 4; id++) {
            booking(Op.CREATE, null, cdc.booking(id, 42, "J", null, "CONFIRMED"));
        }
        List<FlightAvailability> published = values();
        assertThat(published).last().isEqualTo(expected(42, 5, cabin("J", 2, 0, 4), cabin("Y", 3, 0, 0)));
        assertThat(published).extracting(a -> a.getCabins().getFirst().getAvailable()).containsExactly(1, 0, -1, -2);
    }

    @Test
    void shouldRepublishFlightsWhenTheirAircraftsSeatMapChanges() {
        givenFlight42OnAnA320();
        seat("A320", "10D", "Y");
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(values()).containsExactly(expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 4, 0, 0)));
    }

    @Test
    void shouldWithdrawADeletedFlightWithAVersionedTombstone() {
        givenFlight42OnAnA320();
        GenericRecord row = flight(42, "A320");
        flightRow(Op.DELETE, row, null);

        List<TestRecord<Long, FlightAvailability>> out = availability.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key()).isEqualTo(42L);
        assertThat(out.getFirst().value()).isNull();
        assertThat(version(out.getFirst())).isEqualTo(2L);
    }

    @Test
    void shouldSendRecordsItCannotReadToTheDeadLetterTopicAndGoOn() {
        givenFlight42OnAnA320();
        bookings.pipeInput("k".getBytes(), "{\"not\": \"avro\"}".getBytes(), T0);
        GenericRecord unknownCabin = cdc.booking(8, 42, "W", null, "HELD");
        booking(Op.CREATE, null, unknownCabin);
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10B", "HELD"));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value())).isEqualTo("{\"not\": \"avro\"}");
        assertThat(header(dead.get(0), "__streams.errors.message")).contains("not the Confluent magic byte");
        assertThat(header(dead.get(0), "__streams.errors.exception")).isEqualTo("dev.flightdeck.cdc.InvalidWireFormatException");
        assertThat(header(dead.get(1), "__streams.errors.message")).contains("has value 'W', which Cabin does not know");
        assertThat(header(dead.get(1), "__streams.errors.topic")).isEqualTo("cdc.flights.booking");
        assertThat(values()).containsExactly(expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 1, 0), "10B"));
    }

    @Test
    void shouldDeadLetterABookingWhoseSeatColumnDdlRenamedAndGoOn() {
        givenFlight42OnAnA320();
        // ALTER TABLE booking RENAME COLUMN seat_no TO seat: the change cannot say which seat is taken.
        Schema renamed = cdc.rowSchemaWithColumnDropped("booking", "seat_no");
        GenericRecord row = cdc.row(renamed, Map.of("id", 8L, "reference", "REN001", "flight_id", 42L, "passenger_id", 5L,
                "cabin", "Y", "status", "HELD", "fare", new BigDecimal("99.00"), "currency", "EUR"));
        booking(Op.CREATE, null, row);
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10B", "HELD"));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> assertThat(header(record, "__streams.errors.message"))
                .contains("column seat_no of cdc.flights.booking.Value is missing", "renamed or dropped by DDL"));
        assertThat(values()).containsExactly(expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 1, 0), "10B"));
    }

    @Test
    void shouldDeadLetterRecordsThatDeclareAHugeStringOrCollectionAndGoOn() {
        givenFlight42OnAnA320();
        byte[] hugeString = cdc.bookingDeclaringAHugeString();
        // A schema-change event's bytes on the booking topic: another schema's id, and an array of 2 billion items.
        byte[] hugeCollection = cdc.schemaChangeDeclaringAHugeCollection();
        bookings.pipeInput("k1".getBytes(), hugeString, T0);
        bookings.pipeInput("k2".getBytes(), hugeCollection, T0);
        booking(Op.CREATE, null, cdc.booking(9, 42, "Y", "10B", "HELD"));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo(hugeString);
        assertThat(header(dead.get(0), "__streams.errors.exception")).isEqualTo("dev.flightdeck.cdc.InvalidWireFormatException");
        assertThat(header(dead.get(0), "__streams.errors.message"))
                .startsWith("the record declares more than may be allocated for it (String length 2000000000 exceeds");
        assertThat(header(dead.get(1), "__streams.errors.message")).contains("Collection length 2000000000 exceeds the maximum allowed");
        assertThat(header(dead.get(1), "__streams.errors.topic")).isEqualTo("cdc.flights.booking");
        assertThat(values()).containsExactly(expected(42, 2, cabin("J", 2, 0, 0), cabin("Y", 3, 1, 0), "10B"));
    }

    @Test
    void shouldPageThroughFlightsInIdOrderFromWhereThePreviousPageEnded() {
        givenAnA320WithTwoBusinessAndThreeEconomySeats();
        for (long id : new long[] {7, 3, 12, 5, 9}) {
            flightRow(Op.READ, null, flight(id, "A320"));
        }
        flightRow(Op.READ, null, cdc.flight(4, "FD4", "MUC", "LIS", DEPARTURE, "A320"));
        AvailabilityQueries.Filter fromFrankfurt = new AvailabilityQueries.Filter("FRA", null, null);

        AvailabilityQueries.Page first = page(fromFrankfurt, 0, 2);
        AvailabilityQueries.Page second = page(fromFrankfurt, 5, 2);
        AvailabilityQueries.Page last = page(fromFrankfurt, 9, 2);

        assertThat(first.flights()).extracting(FlightAvailability::getFlightId).containsExactly(3L, 5L);
        assertThat(first.more()).isTrue();
        assertThat(second.flights()).extracting(FlightAvailability::getFlightId).containsExactly(7L, 9L);
        assertThat(last.flights()).extracting(FlightAvailability::getFlightId).containsExactly(12L);
        assertThat(last.more()).isFalse();
        assertThat(page(AvailabilityQueries.Filter.ANY, 0, 10).flights()).extracting(FlightAvailability::getFlightId)
                .containsExactly(3L, 4L, 5L, 7L, 9L, 12L);
    }

    @Test
    void shouldCarryTheNewestSourceCommitTimeAndTheVersionInAHeader() {
        givenFlight42OnAnA320();
        Instant committed = T0.plusSeconds(3600);
        GenericRecord row = cdc.booking(7, 42, "Y", null, "HELD");
        bookings.pipeInput(cdc.key("booking", row), cdc.change("booking", Op.CREATE, null, row, At.binlog(5000, committed)), T0);

        TestRecord<Long, FlightAvailability> out = availability.readRecord();
        assertThat(out.value().getSourceTimestamp()).isEqualTo(committed);
        assertThat(out.value().getVersion()).isEqualTo(2L);
        assertThat(version(out)).isEqualTo(2L);
    }

    // --- Fixtures -------------------------------------------------------------------------------

    private void givenAnA320WithTwoBusinessAndThreeEconomySeats() {
        aircraftTypes.pipeInput(new byte[] {1}, cdc.change("aircraft_type", Op.READ, null,
                cdc.aircraftType("A320", "Airbus", "A320-200"), At.snapshot(T0)), T0);
        for (String s : List.of("1A", "1B")) {
            seat("A320", s, "J");
        }
        for (String s : List.of("10A", "10B", "10C")) {
            seat("A320", s, "Y");
        }
    }

    private void givenFlight42OnAnA320() {
        givenAnA320WithTwoBusinessAndThreeEconomySeats();
        flightRow(Op.READ, null, flight(42, "A320"));
        assertThat(availability.readRecordsToList()).hasSize(1);
    }

    private GenericRecord flight(long id, String aircraftType) {
        return cdc.flight(id, "FD" + id, "FRA", "LIS", DEPARTURE, aircraftType);
    }

    private void seat(String type, String seatNo, String cabin) {
        GenericRecord row = cdc.seat(type, seatNo, cabin);
        seatMap.pipeInput(cdc.key("seat_map", row), cdc.change("seat_map", Op.READ, null, row, At.binlog(pos += 10, T0)));
    }

    private void flightRow(Op op, GenericRecord before, GenericRecord after) {
        GenericRecord row = after != null ? after : before;
        flights.pipeInput(cdc.key("flight", row), cdc.change("flight", op, before, after, At.binlog(pos += 10, T0)));
    }

    private void booking(Op op, GenericRecord before, GenericRecord after) {
        GenericRecord row = after != null ? after : before;
        bookings.pipeInput(cdc.key("booking", row), cdc.change("booking", op, before, after, At.binlog(pos += 10, T0)));
    }

    private AvailabilityQueries.Page page(AvailabilityQueries.Filter filter, long after, int limit) {
        return AvailabilityQueries.page(List.of(0), partition -> driver.getKeyValueStore(SeatAvailabilityTopology.FLIGHT_STATE),
                partition -> driver.getKeyValueStore(SeatAvailabilityTopology.FLIGHT_PLACES), filter, after, limit, NOW);
    }

    private List<FlightAvailability> values() {
        List<FlightAvailability> values = new ArrayList<>();
        availability.readRecordsToList().forEach(r -> values.add(r.value()));
        return values;
    }

    private static CabinAvailability cabin(String cabin, int capacity, int held, int confirmed) {
        return new CabinAvailability(cabin, capacity, held, confirmed, capacity - held - confirmed);
    }

    private static FlightAvailability expected(long flightId, long version, CabinAvailability j, CabinAvailability y,
                                               String... taken) {
        return expected(flightId, "A320", "A320-200", version, j, y, taken);
    }

    private static FlightAvailability expected(long flightId, String aircraft, String model, long version,
                                               CabinAvailability j, CabinAvailability y, String... taken) {
        return FlightAvailability.newBuilder()
                .setFlightId(flightId).setFlightNumber("FD" + flightId).setOrigin("FRA").setDestination("LIS")
                .setDepartureTime(DEPARTURE).setArrivalTime(DEPARTURE.plusSeconds(7200))
                .setAircraftType(aircraft).setAircraftModel(model).setStatus("SCHEDULED")
                .setBaseFare(new BigDecimal("149.00")).setCurrency("EUR")
                .setCabins(List.of(j, y)).setTakenSeats(List.of(taken)).setVersion(version)
                .setSourceTimestamp(T0).setUpdatedAt(NOW).build();
    }

    private static FlightAvailability committedAt(Instant sourceTimestamp, FlightAvailability availability) {
        return FlightAvailability.newBuilder(availability).setSourceTimestamp(sourceTimestamp).build();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static long version(TestRecord<Long, FlightAvailability> record) {
        Header header = record.headers().lastHeader(FlightPublisher.VERSION_HEADER);
        return ByteBuffer.wrap(header.value()).getLong();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}
