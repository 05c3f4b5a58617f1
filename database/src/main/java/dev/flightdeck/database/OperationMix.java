package dev.flightdeck.database;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Picks operations at random in proportion to their weights. */
final class OperationMix {

    private final Operation[] operations;
    private final int[] cumulativeWeights;

    OperationMix(Map<Operation, Integer> weights) {
        Map<Operation, Integer> positive = new EnumMap<>(Operation.class);
        weights.forEach((operation, weight) -> {
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + operation + " is negative: " + weight);
            }
            if (weight > 0) {
                positive.put(operation, weight);
            }
        });
        if (positive.isEmpty()) {
            throw new IllegalArgumentException("an operation mix needs at least one positive weight");
        }
        operations = positive.keySet().toArray(Operation[]::new);
        cumulativeWeights = new int[operations.length];
        int sum = 0;
        for (int i = 0; i < operations.length; i++) {
            sum += positive.get(operations[i]);
            cumulativeWeights[i] = sum;
        }
    }

    /** The mix of {@link Operation}'s own weights. */
    static OperationMix standard() {
        Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
        for (Operation operation : Operation.values()) {
            weights.put(operation, operation.weight);
        }
        return new OperationMix(weights);
    }

    Operation next(RandomGenerator random) {
        int ticket = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < operations.length; i++) {
            if (ticket < cumulativeWeights[i]) {
                return operations[i];
            }
        }
        throw new AssertionError("ticket " + ticket + " beyond the total weight");
    }

    /** The share of transactions that are {@code operation}, 0..1. */
    double share(Operation operation) {
        int total = cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < operations.length; i++) {
            if (operations[i] == operation) {
                return (double) (cumulativeWeights[i] - (i == 0 ? 0 : cumulativeWeights[i - 1])) / total;
            }
        }
        return 0;
    }
}
