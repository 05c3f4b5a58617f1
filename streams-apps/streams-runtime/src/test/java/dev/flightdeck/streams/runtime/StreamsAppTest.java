package dev.flightdeck.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** How the app's lifecycle reads Kafka Streams' state changes: what makes the process exit 1, and what 0. */
class StreamsAppTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ExampleApp app = new ExampleApp(new ExampleApp.Config(ExampleApp.REQUIRED));

    @Test
    void shouldFailWhenKafkaStreamsReachesError() {
        app.stateChanged(State.PENDING_ERROR, State.RUNNING);
        app.stateChanged(State.ERROR, State.PENDING_ERROR);

        assertThat(assertTimeoutPreemptively(DEADLINE, app::awaitStop)).isEqualTo(StreamsApp.Outcome.FAILED);
    }

    @Test
    void shouldFailWhenKafkaStreamsStopsWithoutBeingAsked() {
        app.stateChanged(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

        assertThat(assertTimeoutPreemptively(DEADLINE, app::awaitStop)).isEqualTo(StreamsApp.Outcome.FAILED);
    }

    @Test
    void shouldStopCleanlyWhenClosed() {
        app.close();
        app.stateChanged(State.NOT_RUNNING, State.PENDING_SHUTDOWN);

        assertThat(assertTimeoutPreemptively(DEADLINE, app::awaitStop)).isEqualTo(StreamsApp.Outcome.CLOSED);
    }
}
