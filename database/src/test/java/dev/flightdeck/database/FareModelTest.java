package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FareModelTest {

    @Test
    void shouldPriceLongerFlightsHigherButLessPerKilometre() {
        double short500 = FareModel.typicalEconomyFare(500);
        double medium1500 = FareModel.typicalEconomyFare(1500);
        double long9000 = FareModel.typicalEconomyFare(9000);

        assertThat(short500).isBetween(80.0, 120.0);
        assertThat(long9000).isBetween(600.0, 900.0);
        assertThat(medium1500).isGreaterThan(short500);
        assertThat(long9000 / 9000).isLessThan(short500 / 500);
    }

    @Test
    void shouldPriceEconomyFaresLikeAirlinesPrintThem() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            double distance = random.nextDouble(250, 14_000);
            BigDecimal fare = FareModel.economyFare(distance, random);

            assertThat(fare.scale()).isEqualTo(2);
            assertThat(fare.remainder(BigDecimal.ONE)).isEqualByComparingTo("0.99");
            assertThat(fare.doubleValue()).isBetween(FareModel.typicalEconomyFare(distance) * 0.8 - 1,
                    FareModel.typicalEconomyFare(distance) * 1.25 + 1);
        }
    }

    @Test
    void shouldPriceCabinsAboveEconomyAndBusinessHigherOnLongHaul() {
        BigDecimal base = new BigDecimal("200.00");

        assertThat(FareModel.cabinFare(base, CabinClass.Y, 800)).isEqualByComparingTo("200.00");
        assertThat(FareModel.cabinFare(base, CabinClass.J, 800)).isEqualByComparingTo("500.00");
        assertThat(FareModel.cabinFare(base, CabinClass.J, 8000)).isEqualByComparingTo("800.00");
        assertThat(FareModel.cabinFare(base, CabinClass.F, 8000)).isEqualByComparingTo("1400.00");
    }

    @Test
    void shouldVaryBookedFaresAroundTheCabinFare() {
        SplittableRandom random = new SplittableRandom(3);
        BigDecimal cabinFare = new BigDecimal("100.00");
        for (int i = 0; i < 1_000; i++) {
            assertThat(FareModel.bookedFare(cabinFare, random)).isBetween(new BigDecimal("90.00"), new BigDecimal("120.00"));
        }
    }
}
