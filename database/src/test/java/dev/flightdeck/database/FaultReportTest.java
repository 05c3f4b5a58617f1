package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultReportTest {

    private static final Instant AT = Instant.parse("2027-03-14T10:00:00Z");
    private static final LocalDateTime DEPARTURE = LocalDateTime.of(2027, 3, 20, 7, 45);

    @Test
    void shouldDescribeAnOverbookingInOneLine() {
        FaultReport report = new FaultReport.OverbookingAttempt(AT, 12, "FD1042", DEPARTURE, CabinClass.Y, 162, 40,
                List.of(501L, 502L, 640L), 173);

        assertThat(report.fault()).isEqualTo(Fault.OVERBOOKING);
        assertThat(report.describe()).isEqualTo("overbooking on flight 12 (FD1042 departing 2027-03-20T07:45) cabin Y: "
                + "capacity 162, 40 active before, 3 confirmed seatless bookings added (ids 501..640), "
                + "173 active now = capacity + 11");
    }

    @Test
    void shouldDescribeABurstAndASpikeInOneLine() {
        FaultReport burst = new FaultReport.BookingBurst(AT, 7, "FD101", DEPARTURE, List.of(9L, 10L),
                Map.of(CabinClass.Y, 1, CabinClass.J, 1), Duration.ofMillis(2987));
        FaultReport spike = new FaultReport.FareSpike(AT, 3, "FD1000", DEPARTURE, new BigDecimal("91.99"),
                new BigDecimal("275.97"));

        assertThat(burst.describe()).isEqualTo("booking burst on flight 7 (FD101 departing 2027-03-20T07:45): "
                + "2 confirmed bookings (J 1, Y 1; ids 9..10) in 2987 ms");
        assertThat(spike.describe()).isEqualTo("fare spike on flight 3 (FD1000 departing 2027-03-20T07:45): "
                + "base fare 91.99 -> 275.97 EUR, left in place");
        assertThat(List.of(burst, spike)).extracting(FaultReport::describe).noneMatch(line -> line.contains("\n"));
    }
}
