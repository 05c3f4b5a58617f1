package dev.flightdeck.connect.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.connect.alertmanager.AlertmanagerApi.Answer;
import dev.flightdeck.connect.alertmanager.AlertmanagerApi.Response;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class RetryClassificationTest {

    private static final URI ALERTMANAGER = URI.create("http://127.0.0.1:9093");

    @Test
    void shouldTakeEverySuccessAsAccepted() {
        assertThat(IntStream.of(200, 202, 204).mapToObj(Answer::of)).containsOnly(Answer.ACCEPTED);
    }

    @Test
    void shouldTakeAnInvalidOrOversizedRequestAsRefusedSoItsAlertsAreTriedAlone() {
        assertThat(IntStream.of(400, 413, 422).mapToObj(Answer::of)).containsOnly(Answer.REFUSED);
    }

    @Test
    void shouldRetryTimeoutsOverloadAndServerErrors() {
        assertThat(IntStream.of(408, 429, 500, 502, 503, 504).mapToObj(Answer::of)).containsOnly(Answer.UNAVAILABLE);
    }

    @Test
    void shouldNeitherRetryNorDeadLetterAWrongUrlOrAccess() {
        assertThat(IntStream.of(301, 401, 403, 404, 405).mapToObj(Answer::of)).containsOnly(Answer.MISCONFIGURED);
    }

    @Test
    void shouldRetryWhenThereIsNoAnswerOrAnAnswerThatPasses() {
        assertThat(AlertmanagerSinkTask.isTransient(new java.net.ConnectException("Connection refused"))).isTrue();
        assertThat(AlertmanagerSinkTask.isTransient(new HttpTimeoutException("request timed out"))).isTrue();
        assertThat(AlertmanagerSinkTask.isTransient(new AlertmanagerApi.Unavailable(new Response(ALERTMANAGER, 503, "")))).isTrue();
        assertThat(AlertmanagerSinkTask.isTransient(new ConnectException("answered 404"))).isFalse();
    }

    @Test
    void shouldNameTheAlertmanagerTheStatusAndAShortenedReason() {
        assertThat(new Response(ALERTMANAGER, 400, "\"invalid label set\"\n").describe())
                .isEqualTo("Alertmanager http://127.0.0.1:9093 answered 400: \"invalid label set\"");
        assertThat(new Response(ALERTMANAGER, 400, "x".repeat(5000)).describe()).hasSizeLessThan(1100).endsWith("…");
        assertThat(new Response(ALERTMANAGER, 503, "").describe()).isEqualTo("Alertmanager http://127.0.0.1:9093 answered 503");
    }
}
