package dev.flightdeck.connect.alertmanager;

import dev.flightdeck.connect.alertmanager.AlertmanagerApi.Answer;
import dev.flightdeck.connect.alertmanager.AlertmanagerApi.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The alerts of one put() on their way to every Alertmanager, one request each. An attempt sends
 * to the Alertmanagers that have not taken them yet, so a retry does not send twice to one that
 * has. An Alertmanager that refuses a request keeps its valid alerts and names the invalid ones
 * only by their fault, so each alert is then sent alone to find those it refuses: they are left
 * out of later requests and their records dead-lettered once the batch is through.
 */
final class AlertDelivery {

    private final AlertmanagerApi api;
    private final List<Outgoing> alerts;
    private final AlertMetrics metrics;
    private final Set<URI> remaining;
    private final Map<Outgoing, String> refused = new LinkedHashMap<>();

    AlertDelivery(AlertmanagerApi api, List<URI> alertmanagers, List<Outgoing> alerts, AlertMetrics metrics) {
        this.api = api;
        this.alerts = List.copyOf(alerts);
        this.metrics = metrics;
        this.remaining = new LinkedHashSet<>(alertmanagers);
    }

    /** One attempt; throws {@link AlertmanagerApi.Unavailable} or another {@link IOException} for a failure that passes. */
    Void sendRemaining() throws IOException, InterruptedException {
        for (URI alertmanager : List.copyOf(remaining)) {
            sendTo(alertmanager);
            remaining.remove(alertmanager);
        }
        return null;
    }

    private void sendTo(URI alertmanager) throws IOException, InterruptedException {
        List<Outgoing> sending = alerts.stream().filter(alert -> !refused.containsKey(alert)).toList();
        if (sending.isEmpty() || post(alertmanager, sending).answer() == Answer.ACCEPTED) {
            return;
        }
        for (Outgoing alert : sending) {
            Response alone = post(alertmanager, List.of(alert));
            if (alone.answer() == Answer.REFUSED) {
                refused.put(alert, alone.describe());
            }
        }
    }

    /** One request; returns when it was accepted or refused, throws otherwise. */
    private Response post(URI alertmanager, List<Outgoing> sending) throws IOException, InterruptedException {
        Response response;
        try {
            response = api.post(alertmanager, sending.stream().map(Outgoing::alert).toList());
        } catch (IOException noAnswer) {
            metrics.recordError();
            throw AlertmanagerApi.noAnswer(alertmanager, noAnswer);
        }
        if (response.answer() != Answer.ACCEPTED) {
            metrics.recordError();
        }
        return switch (response.answer()) {
            case ACCEPTED, REFUSED -> response;
            case UNAVAILABLE -> throw new AlertmanagerApi.Unavailable(response);
            case MISCONFIGURED -> throw new ConnectException(response.describe() + " to POST /api/v2/alerts: check "
                    + AlertmanagerSinkConfig.URL_CONFIG + " (and any proxy in front of Alertmanager)");
        };
    }

    /** The alerts an Alertmanager refused → its answer. */
    Map<Outgoing, String> refused() {
        return Collections.unmodifiableMap(refused);
    }
}
