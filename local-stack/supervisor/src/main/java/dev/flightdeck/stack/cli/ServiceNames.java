package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.ServiceId;
import java.util.Arrays;
import java.util.Iterator;

/** The service names a command accepts, for its help text ({@code ${COMPLETION-CANDIDATES}}): one list, from {@link ServiceId}. */
final class ServiceNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(ServiceId.values()).map(ServiceId::key).iterator();
    }
}
