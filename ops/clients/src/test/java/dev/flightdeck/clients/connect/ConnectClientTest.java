package dev.flightdeck.clients.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.clients.UnreachableEndpointException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectClientTest {

    @TempDir
    Path dir;

    @Test
    void shouldRejectAConnectorFileWithoutNameAndConfig() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"config\": {}}");
        assertThatThrownBy(() -> ConnectClient.ConnectorFile.read(file)).hasMessageContaining("must hold {\"name\"");
        Files.writeString(file, "{\"name\": ");
        assertThatThrownBy(() -> ConnectClient.ConnectorFile.read(file)).hasMessageContaining("is not valid JSON");
    }

    @Test
    void shouldNameConnectAndItsAddressWhenNothingListensThere() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        ConnectClient connect = new ConnectClient("http://127.0.0.1:" + port);
        long start = System.nanoTime();
        assertThatThrownBy(connect::connectors).isInstanceOf(UnreachableEndpointException.class)
                .hasMessageStartingWith("Kafka Connect at http://127.0.0.1:" + port + " is unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
