package dev.flightdeck.ops.lagexporter;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Where the {@link LagCollector} reads consumer groups from: Kafka, or a test's own readings. */
interface GroupLagSource extends AutoCloseable {

    /** The id of every consumer group there is. */
    Set<String> groupIds() throws LagUnreadableException, InterruptedException;

    /** These groups' state, members and lag; a group that is gone by now is left out. */
    List<GroupReading> read(Collection<String> groupIds) throws LagUnreadableException, InterruptedException;

    @Override
    default void close() {
    }
}
