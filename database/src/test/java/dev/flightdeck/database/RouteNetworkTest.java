package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteNetworkTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2027, 3, 15);
    private static final List<Airport> AIRPORTS = Airport.loadAll();
    private static final List<FleetType> FLEET = FleetType.loadAll();

    private static List<ScheduledFlight> schedule(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return RouteNetwork.plan(AIRPORTS, FLEET, random.split()).schedule(FIRST_DAY, 30, random.split());
    }

    @Test
    void shouldScheduleAtLeastFiveHundredFlightsOverThirtyDays() {
        List<ScheduledFlight> flights = schedule(42);

        assertThat(flights).hasSizeBetween(500, 2_000);
        assertThat(flights).allSatisfy(flight -> {
            Route route = flight.route();
            LocalDate localDate = flight.departureUtc().atOffset(ZoneOffset.UTC)
                    .atZoneSameInstant(route.origin().timeZone()).toLocalDate();
            assertThat(localDate).isBetween(FIRST_DAY, FIRST_DAY.plusDays(29));
            assertThat(route.origin()).isNotEqualTo(route.destination());
            assertThat(flight.arrivalUtc()).isAfter(flight.departureUtc());
            assertThat(flight.baseFare()).isPositive();
        });
        assertThat(flights.stream().map(flight -> flight.departureUtc().toLocalDate()).distinct().count())
                .isGreaterThanOrEqualTo(29);
        assertThat(flights).extracting(flight -> flight.flightNumber() + "@" + flight.departureUtc())
                .doesNotHaveDuplicates();
        assertThat(flights).isSortedAccordingTo((a, b) -> a.departureUtc().compareTo(b.departureUtc()));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, -7})
    void shouldUseEveryAircraftTypeOnRoutesItCanFly(long seed) {
        List<ScheduledFlight> flights = schedule(seed);

        assertThat(flights.stream().map(flight -> flight.route().aircraft().code()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(FLEET.stream().map(FleetType::code).toList());
        assertThat(flights).allSatisfy(flight ->
                assertThat(flight.route().aircraft().flies(flight.route().distanceKm())).isTrue());
    }

    @Test
    void shouldServeEveryAirport() {
        RouteNetwork network = RouteNetwork.plan(AIRPORTS, FLEET, new SplittableRandom(42));

        assertThat(network.routes().stream().map(route -> route.origin().code()).distinct().count())
                .isEqualTo(AIRPORTS.size());
    }

    @Test
    void shouldDeriveBlockTimeFromGreatCircleDistance() {
        RouteNetwork network = RouteNetwork.plan(AIRPORTS, FLEET, new SplittableRandom(42));

        assertThat(network.routes()).allSatisfy(route -> {
            double cruiseHours = route.distanceKm() / route.aircraft().cruiseSpeedKmh();
            assertThat(route.blockTime().toMinutes() % 5).isZero();
            assertThat(route.blockTime()).isBetween(
                    Duration.ofMinutes((long) (cruiseHours * 60)),
                    Duration.ofMinutes((long) (cruiseHours * 1.1 * 60) + 40));
            assertThat(route.flightNumber()).matches("FD[0-9]{3,4}");
        });
    }

    @Test
    void shouldNumberBothDirectionsOfARouteAsAPair() {
        List<Route> routes = RouteNetwork.plan(AIRPORTS, FLEET, new SplittableRandom(42)).routes();

        for (int i = 0; i < routes.size(); i += 2) {
            Route outbound = routes.get(i);
            Route inbound = routes.get(i + 1);
            assertThat(inbound.origin()).isEqualTo(outbound.destination());
            assertThat(inbound.destination()).isEqualTo(outbound.origin());
            assertThat(Integer.parseInt(inbound.flightNumber().substring(2)))
                    .isEqualTo(Integer.parseInt(outbound.flightNumber().substring(2)) + 1);
        }
    }

    @Test
    void shouldBeDeterministicForASeed() {
        assertThat(schedule(7)).isEqualTo(schedule(7));
        assertThat(schedule(7)).isNotEqualTo(schedule(8));
    }
}
