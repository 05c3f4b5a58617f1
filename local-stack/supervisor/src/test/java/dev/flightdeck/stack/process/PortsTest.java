package dev.flightdeck.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.stack.StackException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldUseAnExplicitPortWhenItIsFree() {
        int free = Ports.freePort();
        int chosen = Ports.choose(new Ports.Request("mysql", "mysql", "--mysql-port", free, null), Set.of());
        assertThat(chosen).isEqualTo(free);
    }

    @Test
    void shouldNameThePortTheOwnerAndTheFlagWhenAnExplicitPortIsInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> Ports.choose(new Ports.Request("mysql", "mysql", "--mysql-port", port, null), Set.of()))
                    .isInstanceOf(StackException.class)
                    .hasMessageStartingWith("port " + port + " is in use by pid " + ProcessHandle.current().pid())
                    .hasMessageEndingWith("; pass --mysql-port to choose another");
        }
    }

    @Test
    void shouldRefuseAnExplicitPortAnotherServiceOfTheStackAlreadyHas() {
        int free = Ports.freePort();
        assertThatThrownBy(() -> Ports.choose(new Ports.Request("redis", "redis", "--redis-port", free, null), Set.of(free)))
                .hasMessageContaining("port " + free + " is in use").hasMessageContaining("--redis-port");
    }

    @Test
    void shouldRejectAPortNumberOutOfRange() {
        assertThatThrownBy(() -> Ports.choose(new Ports.Request("redis", "redis", "--redis-port", 70000, null), Set.of()))
                .hasMessage("--redis-port 70000 is not a port number (1-65535)");
    }

    @Test
    void shouldReuseTheRememberedPortWhenItIsStillFree() {
        int previous = Ports.freePort();
        assertThat(Ports.choose(new Ports.Request("kafka", "broker", "--kafka-port", null, previous), Set.of()))
                .isEqualTo(previous);
    }

    @Test
    void shouldPickAnotherPortWhenTheRememberedOneIsTaken() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int chosen = Ports.choose(new Ports.Request("kafka", "broker", "--kafka-port", null, busy.getLocalPort()), Set.of());
            assertThat(chosen).isNotEqualTo(busy.getLocalPort());
            assertThat(Ports.isFree(chosen)).isTrue();
        }
    }

    @Test
    void shouldNeverHandOutAPortAlreadyGivenToAnotherServiceOfTheStack() {
        int previous = Ports.freePort();
        int chosen = Ports.choose(new Ports.Request("kafka", "controller", "--kafka-controller-port", null, previous), Set.of(previous));
        assertThat(chosen).isNotEqualTo(previous);
    }

    @Test
    void shouldFindTheProcessListeningOnAPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.owner(busy.getLocalPort()))
                    .hasValueSatisfying(owner -> assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid()));
            assertThat(Ports.isFree(busy.getLocalPort())).isFalse();
        }
    }
}
