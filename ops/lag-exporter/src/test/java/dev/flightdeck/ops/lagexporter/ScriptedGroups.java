package dev.flightdeck.ops.lagexporter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Consumer groups as a test sets them, or a Kafka that cannot be read, for the collector to poll. */
final class ScriptedGroups implements GroupLagSource {

    private final Map<String, GroupReading> groups = new TreeMap<>();
    private final List<Set<String>> requested = new ArrayList<>();
    private volatile String unreadable;
    private volatile Thread lastReader;

    synchronized ScriptedGroups group(String group, String state, int members, long lag) {
        groups.put(group, new GroupReading(group, state, members, OptionalLong.of(lag)));
        return this;
    }

    synchronized ScriptedGroups groupWithoutOffsets(String group, String state, int members) {
        groups.put(group, new GroupReading(group, state, members, OptionalLong.empty()));
        return this;
    }

    synchronized ScriptedGroups remove(String group) {
        groups.remove(group);
        return this;
    }

    /** From now on every poll fails with this message, as an unreachable Kafka makes it. */
    ScriptedGroups unreadable(String message) {
        unreadable = message;
        return this;
    }

    ScriptedGroups readable() {
        unreadable = null;
        return this;
    }

    /** The ids each poll asked to read, in order. */
    synchronized List<Set<String>> requested() {
        return List.copyOf(requested);
    }

    Thread lastReader() {
        return lastReader;
    }

    @Override
    public synchronized Set<String> groupIds() throws LagUnreadableException {
        failIfUnreadable();
        return new TreeSet<>(groups.keySet());
    }

    @Override
    public synchronized List<GroupReading> read(Collection<String> groupIds) throws LagUnreadableException {
        failIfUnreadable();
        lastReader = Thread.currentThread();
        requested.add(new TreeSet<>(groupIds));
        return groupIds.stream().filter(groups::containsKey).map(groups::get).toList();
    }

    private void failIfUnreadable() throws LagUnreadableException {
        if (unreadable != null) {
            throw new LagUnreadableException(unreadable, null);
        }
    }
}
