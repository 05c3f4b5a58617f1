package dev.flightdeck.ops.lagexporter;

import java.util.OptionalLong;

/**
 * One consumer group as one poll found it.
 *
 * @param group      the group's id
 * @param state      the coordinator's word for it: Stable, Empty (no member), PreparingRebalance, ...
 * @param members    consumers in the group now; 0 when a sink's task died or an app is down
 * @param lagRecords records between its committed offsets and the ends of the partitions it reads;
 *                   empty while it has committed no offset, which is not the same as no lag
 */
record GroupReading(String group, String state, int members, OptionalLong lagRecords) {
}
