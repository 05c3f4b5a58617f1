package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AircraftTypeTest {

    private static final AircraftType E190 = new AircraftType("E190", "Embraer", "E190", 4500, 830, 250, 2200, List.of(
            new CabinLayout(Cabin.J, CabinLayout.parseRows("1-3"), "ACD"),
            new CabinLayout(Cabin.Y, CabinLayout.parseRows("4-12 14-27"), "ACDF")));

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
        List<Seat> seats = E190.seats();

        assertThat(E190.capacityByCabin()).isEqualTo(Map.of(Cabin.J, 9, Cabin.Y, 92));
        assertThat(seats).hasSize(101);
        assertThat(seats.getFirst()).isEqualTo(new Seat("1A", Cabin.J, 1, 'A'));
        assertThat(seats.getLast()).isEqualTo(new Seat("27F", Cabin.Y, 27, 'F'));
        assertThat(seats).extracting(Seat::seatNo).contains("3D", "4A", "12F", "14C").doesNotContain("1B", "13A", "4B");
        assertThat(seats).allSatisfy(seat -> assertThat(seat.seatNo()).isEqualTo(seat.row() + "" + seat.letter()));
    }

    @Test
    void shouldRejectARowInTwoCabins() {
        assertThatThrownBy(() -> new AircraftType("X1", "m", "m", 1000, 800, 100, 900, List.of(
                new CabinLayout(Cabin.J, List.of(1, 2), "AC"),
                new CabinLayout(Cabin.Y, List.of(2, 3), "ABC"))))
                .hasMessageContaining("row 2 in two cabins");
    }

    @Test
    void shouldRejectRepeatedSeatLetters() {
        assertThatThrownBy(() -> new CabinLayout(Cabin.Y, List.of(1), "ABA")).hasMessageContaining("distinct");
    }

    @Test
    void shouldLoadAFleetWithRealisticCabins() {
        List<AircraftType> fleet = AircraftType.loadAll();

        assertThat(fleet).hasSizeGreaterThanOrEqualTo(4);
        assertThat(fleet).extracting(AircraftType::code).contains("A320", "B38M", "A359", "B77W", "E190");
        assertThat(fleet).allSatisfy(type -> {
            assertThat(type.capacity()).isBetween(100, 400);
            assertThat(type.seats()).extracting(Seat::seatNo).doesNotHaveDuplicates();
            assertThat(type.capacityByCabin()).containsKeys(Cabin.J, Cabin.Y);
            assertThat(type.routeMaxKm()).isLessThanOrEqualTo(type.rangeKm());
        });
        assertThat(fleet).filteredOn(type -> type.capacityByCabin().containsKey(Cabin.F)).isNotEmpty();
        assertThat(fleet).filteredOn(type -> !type.capacityByCabin().containsKey(Cabin.F)).isNotEmpty();
        assertThat(fleet.stream().filter(type -> type.code().equals("A320")).findFirst().orElseThrow().capacityByCabin())
                .isEqualTo(Map.of(Cabin.J, 12, Cabin.Y, 162));
    }
}
