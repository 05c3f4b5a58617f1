package dev.flightdeck.seats;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions whose flights this instance serves right now. A task's processor is initialised
 * only once its stores are fully restored, and closed when the task leaves, so the processor's
 * init and close mark exactly when a partition's state may be queried. A just-assigned task's
 * store exists before it is restored; answering from it would show an old availability.
 */
public final class LivePartitions {

    private final Set<Integer> live = ConcurrentHashMap.newKeySet();

    void opened(int partition) {
        live.add(partition);
    }

    void closed(int partition) {
        live.remove(partition);
    }

    boolean isLive(int partition) {
        return live.contains(partition);
    }

    boolean allLive(Collection<Integer> partitions) {
        return live.containsAll(partitions);
    }
}
