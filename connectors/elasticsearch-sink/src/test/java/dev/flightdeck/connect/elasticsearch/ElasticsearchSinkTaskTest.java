package dev.flightdeck.connect.elasticsearch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkTaskTest {

    @Test
    void shouldTreatANodeThatIsNotListeningAsTransientAtStart() {
        ElasticsearchSinkTask task = new ElasticsearchSinkTask();
        try {
            // Nothing listens on port 9: connection refused, tried twice, then Connect is asked to start the task again.
            assertThatThrownBy(() -> task.start(Map.of("elasticsearch.urls", "http://127.0.0.1:9", "retry.max.attempts", "2",
                    "retry.backoff.initial.ms", "1", "retry.backoff.max.ms", "1")))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("setup of Elasticsearch alias flights failed 2 times");
        } finally {
            task.stop();
        }
    }
}
