package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTypeTest {

    private static final FleetType E190 = new FleetType("E190", "Embraer", "E190", 4500, 830, 250, 2200, List.of(
            new CabinLayout(CabinClass.J, CabinLayout.parseRows("1-3"), "ACD"),
            new CabinLayout(CabinClass.Y, CabinLayout.parseRows("4-12 14-27"), "ACDF")));

    @Test
    void shouldParseRowRangesSkippingGaps() {
        assertThat(CabinLayout.parseRows("4-6 8 10-11")).containsExactly(4, 5, 6, 8, 10, 11);
    }

    @Test
    void shouldRejectMalformedRowRanges() {
        assertThatThrownBy(() -> CabinLayout.parseRows("9-4")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> CabinLayout.parseRows("1-x")).hasMessageContaining("'1-x' is not FIRST-LAST");
    }

    @Test
    void shouldGenerateSeatMapFromLayout() {
        List<LayoutSeat> seats = E190.seats();

        assertThat(E190.capacityByCabin()).isEqualTo(Map.of(CabinClass.J, 9, CabinClass.Y, 92));
        assertThat(seats).hasSize(101);
        assertThat(seats.getFirst()).isEqualTo(new LayoutSeat("1A", CabinClass.J, 1, 'A'));
        assertThat(seats.getLast()).isEqualTo(new LayoutSeat("27F", CabinClass.Y, 27, 'F'));
        assertThat(seats).extracting(LayoutSeat::seatNo).contains("3D", "4A", "12F", "14C").doesNotContain("1B", "13A", "4B");
        assertThat(seats).allSatisfy(seat -> assertThat(seat.seatNo()).isEqualTo(seat.row() + "" + seat.letter()));
    }

    @Test
    void shouldRejectARowInTwoCabins() {
        assertThatThrownBy(() -> new FleetType("X1", "m", "m", 1000, 800, 100, 900, List.of(
                new CabinLayout(CabinClass.J, List.of(1, 2), "AC"),
                new CabinLayout(CabinClass.Y, List.of(2, 3), "ABC"))))
                .hasMessageContaining("row 2 in two cabins");
    }

    @Test
    void shouldRejectRepeatedSeatLetters() {
        assertThatThrownBy(() -> new CabinLayout(CabinClass.Y, List.of(1), "ABA")).hasMessageContaining("distinct");
    }

    @Test
    void shouldLoadAFleetWithRealisticCabins() {
        List<FleetType> fleet = FleetType.loadAll();

        assertThat(fleet).hasSizeGreaterThanOrEqualTo(4);
        assertThat(fleet).extracting(FleetType::code).contains("A320", "B38M", "A359", "B77W", "E190");
        assertThat(fleet).allSatisfy(type -> {
            assertThat(type.capacity()).isBetween(100, 400);
            assertThat(type.seats()).extracting(LayoutSeat::seatNo).doesNotHaveDuplicates();
            assertThat(type.capacityByCabin()).containsKeys(CabinClass.J, CabinClass.Y);
            assertThat(type.routeMaxKm()).isLessThanOrEqualTo(type.rangeKm());
        });
        assertThat(fleet).filteredOn(type -> type.capacityByCabin().containsKey(CabinClass.F)).isNotEmpty();
        assertThat(fleet).filteredOn(type -> !type.capacityByCabin().containsKey(CabinClass.F)).isNotEmpty();
        assertThat(fleet.stream().filter(type -> type.code().equals("A320")).findFirst().orElseThrow().capacityByCabin())
                .isEqualTo(Map.of(CabinClass.J, 12, CabinClass.Y, 162));
    }
}
