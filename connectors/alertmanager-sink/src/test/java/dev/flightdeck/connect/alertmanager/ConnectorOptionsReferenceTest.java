package dev.flightdeck.connect.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkConfig;
import dev.flightdeck.connect.elasticsearch.ElasticsearchSinkConnector;
import dev.flightdeck.connect.redis.RedisSinkConfig;
import dev.flightdeck.connect.redis.RedisSinkConnector;
import dev.flightdeck.connect.sink.OptionReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/reference/connector-options.md what every sink connector's ConfigDef says. */
class ConnectorOptionsReferenceTest {

    static final String REGENERATE = "mvn -pl connectors/alertmanager-sink -am verify -Dflightdeck.docs.write=true";

    @Test
    void shouldMatchTheOptionsEveryConnectorDefines() throws IOException {
        String reference = OptionReference.markdown(List.of(
                new OptionReference.Connector("Redis sink", RedisSinkConnector.class, RedisSinkConfig.CONFIG),
                new OptionReference.Connector("Elasticsearch sink", ElasticsearchSinkConnector.class, ElasticsearchSinkConfig.CONFIG),
                new OptionReference.Connector("Alertmanager sink", AlertmanagerSinkConnector.class, AlertmanagerSinkConfig.CONFIG)),
                REGENERATE);
        String location = System.getProperty("flightdeck.docs.reference");
        assertThat(location).as("set by surefire (connectors/alertmanager-sink/pom.xml)").isNotBlank();
        Path file = Path.of(location).normalize();

        if (Boolean.getBoolean("flightdeck.docs.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, reference);
        }

        String committed = Files.exists(file) ? Files.readString(file) : null;
        if (!reference.equals(committed)) {
            fail(file + (committed == null ? " is missing" : " differs from the connectors' ConfigDefs at line " + firstDifferentLine(reference, committed))
                    + "; regenerate it with: " + REGENERATE);
        }
    }

    private static int firstDifferentLine(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> have = actual.lines().toList();
        int line = 0;
        while (line < want.size() && line < have.size() && want.get(line).equals(have.get(line))) {
            line++;
        }
        return line + 1;
    }
}
