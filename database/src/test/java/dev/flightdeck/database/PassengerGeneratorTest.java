package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PassengerGeneratorTest {

    @Test
    void shouldFoldNamesToAsciiForEmailAddresses() {
        assertThat(PassengerGenerator.asciiWord("Østergaard")).isEqualTo("ostergaard");
        assertThat(PassengerGenerator.asciiWord("Łukasz")).isEqualTo("lukasz");
        assertThat(PassengerGenerator.asciiWord("O'Brien")).isEqualTo("obrien");
        assertThat(PassengerGenerator.asciiWord("Yılmaz")).isEqualTo("yilmaz");
        assertThat(PassengerGenerator.asciiWord("van den Berg")).isEqualTo("vandenberg");
        assertThat(PassengerGenerator.asciiWord("Min-jun")).isEqualTo("minjun");
    }

    @Test
    void shouldMakePassengersThatPassTheTableChecks() {
        PassengerGenerator generator = PassengerGenerator.fromResources();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 2_000; i++) {
            NewPassenger passenger = generator.next(random, "x" + i);

            assertThat(passenger.email()).matches("[a-z0-9]+\\.[a-z0-9]+\\.x[0-9]+@example\\.(com|org|net)")
                    .hasSizeLessThanOrEqualTo(254);
            if (passenger.phone() != null) {
                assertThat(passenger.phone()).matches("\\+[1-9][0-9]{6,14}");
            }
            if (passenger.loyaltyNumber() != null) {
                assertThat(passenger.loyaltyNumber()).matches("FD[0-9]{9}");
            }
            if (passenger.dateOfBirth() != null) {
                assertThat(passenger.dateOfBirth().getYear()).isBetween(1940, 2012);
            }
        }
    }
}
