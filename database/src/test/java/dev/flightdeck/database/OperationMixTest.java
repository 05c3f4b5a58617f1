package dev.flightdeck.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OperationMixTest {

    @Test
    void shouldWeighOperationsToOneHundred() {
        assertThat(Arrays.stream(Operation.values()).mapToInt(operation -> operation.weight).sum()).isEqualTo(100);
    }

    @Test
    void shouldDrawOperationsInProportionToTheirWeights() {
        OperationMix mix = OperationMix.standard();
        SplittableRandom random = new SplittableRandom(11);
        Map<Operation, Integer> drawn = new EnumMap<>(Operation.class);
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            drawn.merge(mix.next(random), 1, Integer::sum);
        }

        for (Operation operation : Operation.values()) {
            assertThat((double) drawn.get(operation) / draws).as(operation.name())
                    .isCloseTo(operation.weight / 100.0, within(0.005));
            assertThat(mix.share(operation)).isEqualTo(operation.weight / 100.0);
        }
    }

    @Test
    void shouldCreateHoldsFasterThanTheyAreConfirmedSoSomeExpire() {
        OperationMix mix = OperationMix.standard();

        assertThat(mix.share(Operation.NEW_HOLD)).isGreaterThan(mix.share(Operation.CONFIRM_HOLD));
    }

    @Test
    void shouldNeverDrawAnOperationWithoutWeight() {
        OperationMix mix = new OperationMix(Map.of(Operation.CHANGE_FARE, 1, Operation.NEW_HOLD, 0));
        SplittableRandom random = new SplittableRandom(1);

        assertThat(IntStream.range(0, 1_000).mapToObj(i -> mix.next(random))).containsOnly(Operation.CHANGE_FARE);
    }

    @Test
    void shouldDrawTheSameSequenceForTheSameSeed() {
        OperationMix mix = OperationMix.standard();
        SplittableRandom first = new SplittableRandom(5);
        SplittableRandom second = new SplittableRandom(5);

        assertThat(IntStream.range(0, 100).mapToObj(i -> mix.next(first)).toList())
                .isEqualTo(IntStream.range(0, 100).mapToObj(i -> mix.next(second)).toList());
    }

    @Test
    void shouldRejectAMixWithoutPositiveWeights() {
        assertThatThrownBy(() -> new OperationMix(Map.of(Operation.NEW_HOLD, 0)))
                .hasMessageContaining("at least one positive weight");
        assertThatThrownBy(() -> new OperationMix(Map.of(Operation.NEW_HOLD, -1)))
                .hasMessageContaining("negative");
    }
}
