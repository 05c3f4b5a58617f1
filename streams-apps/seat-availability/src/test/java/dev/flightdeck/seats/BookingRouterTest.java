package dev.flightdeck.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.cdc.Op;
import dev.flightdeck.cdc.flights.BookingStatus;
import dev.flightdeck.cdc.flights.Cabin;
import dev.flightdeck.cdc.flights.FlightsChanges;
import dev.flightdeck.cdc.testing.CdcRecords;
import dev.flightdeck.cdc.testing.CdcRecords.At;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage one on its own: what a booking change becomes on the repartition topic by flight. */
class BookingRouterTest {

    private static final long T0 = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();

    private final CdcRecords cdc = new CdcRecords();
    private final MockProcessorContext<Long, FlightInput> context = new MockProcessorContext<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BookingRouter router = new BookingRouter(new FlightsChanges(cdc.decoder()), meters);

    @BeforeEach
    void setUp() {
        router.init(context);
    }

    @Test
    void shouldSendAMovedBookingToBothFlightsWithoutTheCdcRecordsHeaders() {
        GenericRecord onFlight42 = cdc.booking(7, 42, "Y", "10A", "HELD");
        GenericRecord onFlight43 = CdcRecords.with(onFlight42, Map.of("flight_id", 43L, "seat_no", "11B"));
        RecordHeaders debeziumContext = new RecordHeaders();
        debeziumContext.add("__debezium.context.connectorName", "mysql".getBytes(StandardCharsets.UTF_8));
        debeziumContext.add("__debezium.context.taskId", "0".getBytes(StandardCharsets.UTF_8));

        router.process(new Record<>(cdc.key("booking", onFlight43),
                cdc.change("booking", Op.UPDATE, onFlight42, onFlight43, At.binlog(500, Instant.ofEpochMilli(T0))), T0,
                debeziumContext));

        assertThat(context.forwarded()).extracting(CapturedForward::record)
                .satisfiesExactly(
                        left -> {
                            assertThat(left.key()).isEqualTo(42L);
                            assertThat(left.value()).isInstanceOfSatisfying(FlightInput.BookingLeft.class,
                                    input -> assertThat(input.bookingId()).isEqualTo(7));
                            assertThat(left.timestamp()).isEqualTo(T0);
                            assertThat(left.headers().toArray()).isEmpty();
                        },
                        placed -> {
                            assertThat(placed.key()).isEqualTo(43L);
                            assertThat(placed.value()).isInstanceOfSatisfying(FlightInput.BookingPlaced.class,
                                    input -> assertThat(input.place()).isEqualTo(new BookingPlace(Cabin.Y, BookingStatus.HELD, "11B")));
                            assertThat(placed.timestamp()).isEqualTo(T0);
                            assertThat(placed.headers().toArray()).isEmpty();
                        });
    }

    @Test
    void shouldTimeCommitToKafkaForStreamedChangesOnlyNotForSnapshotReads() {
        GenericRecord booking = cdc.booking(8, 42, "Y", "12C", "HELD");
        Instant committed = Instant.ofEpochMilli(T0);
        router.process(new Record<>(cdc.key("booking", booking),
                cdc.change("booking", Op.CREATE, null, booking, At.binlog(600, committed)), T0 + 120));
        router.process(new Record<>(cdc.key("booking", booking),
                cdc.change("booking", Op.READ, null, booking, At.snapshot(committed)), T0 + 90_000));

        Timer commitToKafka = meters.get("flightdeck.cdc.commit.to.kafka").tag("table", "booking").timer();
        assertThat(commitToKafka.count()).isEqualTo(1);
        assertThat(commitToKafka.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120.0);
    }
}
