package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AirportTest {

    private final List<Airport> airports = Airport.loadAll();
    private final Map<String, Airport> byCode = airports.stream()
            .collect(Collectors.toMap(Airport::code, Function.identity()));

    @Test
    void shouldListAtLeastFiftyRealAirports() {
        assertThat(airports).hasSizeGreaterThanOrEqualTo(50);
        assertThat(airports).extracting(Airport::code).doesNotHaveDuplicates().contains("FRA", "JFK", "SIN", "SYD");
        assertThat(airports).allSatisfy(airport -> {
            assertThat(airport.latitude()).isBetween(-90.0, 90.0);
            assertThat(airport.longitude()).isBetween(-180.0, 180.0);
            assertThat(airport.timeZone().getId()).contains("/").hasSizeLessThanOrEqualTo(40);
            assertThat(airport.name()).hasSizeLessThanOrEqualTo(100);
        });
        assertThat(byCode.get("GRU").city()).isEqualTo("São Paulo");
        assertThat(byCode.get("NRT").timeZone().getId()).isEqualTo("Asia/Tokyo");
    }

    @Test
    void shouldMeasureGreatCircleDistances() {
        // Published great-circle distances: LHR-JFK 5,555 km, FRA-SIN 10,264 km, SYD-MEL 705 km.
        assertThat(byCode.get("LHR").distanceKmTo(byCode.get("JFK"))).isCloseTo(5555, within(30.0));
        assertThat(byCode.get("FRA").distanceKmTo(byCode.get("SIN"))).isCloseTo(10264, within(50.0));
        assertThat(byCode.get("SYD").distanceKmTo(byCode.get("MEL"))).isCloseTo(705, within(10.0));
        assertThat(byCode.get("SYD").distanceKmTo(byCode.get("MEL")))
                .isEqualTo(byCode.get("MEL").distanceKmTo(byCode.get("SYD")));
    }
}
