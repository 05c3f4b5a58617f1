package dev.flightdeck.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.stack.service.LocalService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code up} starts services side by side, each after what it names; the names must make a start order. */
class StartOrderTest {

    @Test
    void shouldNameOnlyServicesThatComeEarlierInServiceIdOrder() {
        List<String> problems = new ArrayList<>();
        for (LocalService service : LocalStack.allServices()) {
            List<ServiceId> named = new ArrayList<>(service.requires());
            named.addAll(service.launchesAfter());
            named.addAll(service.settlesAfter());
            if (service.settlesAfterSnapshot()) {
                named.add(ServiceId.CONNECT); // the capture is registered once the worker is up
            }
            for (ServiceId before : named) {
                if (before.ordinal() >= service.id().ordinal()) {
                    problems.add(service.id() + " waits for " + before);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldHaveEveryServiceOnceAndLaunchTheSimulatorLast() {
        assertThat(LocalStack.allServices()).extracting(LocalService::id).containsExactlyInAnyOrder(ServiceId.values());
        assertThat(LocalStack.allServices()).filteredOn(LocalService::startsLast).extracting(LocalService::id)
                .containsExactly(ServiceId.SIMULATOR);
    }
}
