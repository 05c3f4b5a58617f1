package dev.flightdeck.ops.reconcile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SeatAvailabilityStoreTest {

    @Test
    void shouldCallAnInstanceThatDoesNotAnswerInTimeNotReadableYetSoThatReconcileReadsAgain() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/flights", exchange -> {
            try {
                released.await(); // holds the request open, as an instance waiting on a peer that is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            SeatAvailabilityStore store = new SeatAvailabilityStore("http://127.0.0.1:" + silent.getAddress().getPort());
            assertThatThrownBy(() -> store.read(null)).isInstanceOf(ReadModel.NotReadableYet.class)
                    .hasMessageContaining("within 10 s");
        } finally {
            released.countDown();
            silent.stop(0);
        }
    }
}
