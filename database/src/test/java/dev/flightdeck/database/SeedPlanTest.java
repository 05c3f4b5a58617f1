package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeedPlanTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2027, 3, 14, 9, 30);
    private static final SeedPlan PLAN = SeedPlan.generate(LocalDate.of(2027, 3, 15), 42, NOW);

    @Test
    void shouldGenerateTheSamePlanForTheSameSeed() {
        SeedPlan again = SeedPlan.generate(LocalDate.of(2027, 3, 15), 42, NOW);

        assertThat(again.flights()).isEqualTo(PLAN.flights());
        assertThat(again.passengers()).isEqualTo(PLAN.passengers());
        assertThat(again.bookings()).isEqualTo(PLAN.bookings());
    }

    @Test
    void shouldGenerateFiveThousandDistinctPassengers() {
        assertThat(PLAN.passengers()).hasSize(5_000);
        assertThat(PLAN.passengers()).extracting(NewPassenger::email).doesNotHaveDuplicates()
                .allSatisfy(email -> assertThat(email).matches("[a-z0-9]+\\.[a-z0-9]+(\\.[0-9]+)?@example\\.(com|org|net)"));
        assertThat(PLAN.passengers()).extracting(NewPassenger::loyaltyNumber).filteredOn(number -> number != null)
                .doesNotHaveDuplicates().hasSizeBetween(1_000, 2_500);
        assertThat(PLAN.passengers()).extracting(NewPassenger::phone).filteredOn(phone -> phone != null)
                .allSatisfy(phone -> assertThat(phone).matches("\\+[1-9][0-9]{6,14}"));
    }

    @Test
    void shouldNeverPutTwoActiveBookingsOnOneSeat() {
        Map<String, Long> seatUse = PLAN.bookings().stream()
                .filter(booking -> booking.status() != BookingState.CANCELLED && booking.seatNo() != null)
                .collect(Collectors.groupingBy(booking -> booking.flightIndex() + "/" + booking.seatNo(),
                        Collectors.counting()));

        assertThat(seatUse.values()).containsOnly(1L);
    }

    @Test
    void shouldSellAboutAQuarterOfTheSeatsAndNeverMoreThanACabinHolds() {
        Map<String, Integer> active = new HashMap<>();
        PLAN.bookings().stream().filter(booking -> booking.status() != BookingState.CANCELLED)
                .forEach(booking -> active.merge(booking.flightIndex() + "/" + booking.cabin(), 1, Integer::sum));
        long seats = 0;
        int nearlyFull = 0;
        for (int i = 0; i < PLAN.flights().size(); i++) {
            FleetType aircraft = PLAN.flights().get(i).route().aircraft();
            seats += aircraft.capacity();
            int sold = 0;
            for (Map.Entry<CabinClass, Integer> cabin : aircraft.capacityByCabin().entrySet()) {
                int cabinSold = active.getOrDefault(i + "/" + cabin.getKey(), 0);
                assertThat(cabinSold).isLessThanOrEqualTo(cabin.getValue());
                sold += cabinSold;
            }
            if (sold >= 0.85 * aircraft.capacity()) {
                nearlyFull++;
            }
        }
        long sold = active.values().stream().mapToLong(Integer::longValue).sum();

        assertThat((double) sold / seats).isBetween(0.20, 0.35);
        assertThat(nearlyFull).isBetween(5, PLAN.flights().size() / 10);
    }

    @Test
    void shouldMixBookingStatesLikeALiveSystem() {
        List<PlannedBooking> bookings = PLAN.bookings();
        Map<BookingState, Long> byStatus = bookings.stream()
                .collect(Collectors.groupingBy(PlannedBooking::status, Collectors.counting()));
        long seatlessConfirmed = bookings.stream()
                .filter(booking -> booking.status() == BookingState.CONFIRMED && booking.seatNo() == null).count();

        assertThat(byStatus.get(BookingState.CONFIRMED)).isGreaterThan(bookings.size() * 8L / 10);
        assertThat(byStatus.get(BookingState.CANCELLED)).isBetween(bookings.size() / 50L, bookings.size() / 10L);
        assertThat(byStatus.get(BookingState.HELD)).isBetween(100L, bookings.size() / 20L);
        assertThat(seatlessConfirmed).isBetween(bookings.size() / 50L, bookings.size() / 10L);
        assertThat(bookings).allSatisfy(booking -> {
            assertThat(booking.holdExpiresAt() != null).isEqualTo(booking.status() == BookingState.HELD);
            if (booking.holdExpiresAt() != null) {
                assertThat(booking.holdExpiresAt()).isAfter(NOW);
            }
            assertThat(booking.reference()).matches("[A-Z2-9]{6}");
            assertThat(booking.fare()).isPositive();
        });
        assertThat(bookings).extracting(PlannedBooking::reference).doesNotHaveDuplicates();
    }
}
