package dev.flightdeck.connect.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConfigTest {

    private static Map<String, String> props(String... pairs) {
        Map<String, String> props = new HashMap<>(Map.of("elasticsearch.urls", "http://127.0.0.1:9200"));
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    private static ConfigValue validated(Map<String, String> props, String key) {
        return new ElasticsearchSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void shouldNameTheMissingUrls() {
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.urls");
    }

    @Test
    void shouldRejectAUrlThatIsNotHttpNamingTheEntry() {
        assertThat(validated(props("elasticsearch.urls", "http://a:9200,ftp://b:21"), "elasticsearch.urls").errorMessages())
                .singleElement().asString()
                .contains("elasticsearch.urls entry 2 must look like http://host:port or https://host:port", "scheme 'ftp'");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("elasticsearch.urls", "https://es.internal")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.urls entry 1").hasMessageContaining("port missing");
    }

    @Test
    void shouldRejectCredentialsInAUrlWithoutEchoingThem() {
        assertThat(validated(props("elasticsearch.urls", "https://elastic:s3cret@es.internal:9200"), "elasticsearch.urls").errorMessages())
                .singleElement().asString()
                .contains("elasticsearch.urls entry 1 holds credentials", "elasticsearch.username", "elasticsearch.password")
                .doesNotContain("s3cret").doesNotContain("elastic:");
    }

    @Test
    void shouldTrustTheCaOfAPemFileAndNameAFileThatIsNotOne() throws Exception {
        String ca = Path.of(getClass().getResource("/test-ca.pem").toURI()).toString();
        ElasticsearchSinkConfig trusting = new ElasticsearchSinkConfig(props("elasticsearch.urls", "https://127.0.0.1:9200",
                "elasticsearch.ca.file", ca));
        assertThat(trusting.getString(ElasticsearchSinkConfig.CA_FILE_CONFIG)).isEqualTo(ca);
        trusting.client()._transport().close();

        Path notPem = Files.createTempFile("not-a-ca", ".pem");
        Files.writeString(notPem, "not a certificate");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("elasticsearch.ca.file", notPem.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elasticsearch.ca.file")
                .hasMessageContaining("not a readable PEM file of CA certificates");
        assertThat(validated(props("elasticsearch.ca.file", "/nonexistent/ca.pem"), "elasticsearch.ca.file").errorMessages())
                .singleElement().asString().contains("not a readable PEM file");
    }

    @Test
    void shouldNameBothKeysWhenOnlyOneCredentialIsSet() {
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("elasticsearch.username", "flightdeck")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("elasticsearch.username is set but elasticsearch.password is not")
                .hasMessageContaining("set both elasticsearch.username and elasticsearch.password");
        Map<String, String> onlyPassword = props("elasticsearch.password", "s3cret");
        assertThat(validated(onlyPassword, "elasticsearch.username").errorMessages()).singleElement().asString()
                .contains("elasticsearch.password is set but elasticsearch.username is not").doesNotContain("s3cret");
        assertThat(validated(onlyPassword, "elasticsearch.password").errorMessages()).hasSize(1);
        assertThat(validated(props("elasticsearch.username", "u", "elasticsearch.password", "p"), "elasticsearch.password").errorMessages())
                .isEmpty();
    }

    @Test
    void shouldListTheAllowedIndexSetups() {
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("index.setup", "SOMETIMES")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("index.setup").hasMessageContaining("CREATE_IF_MISSING, REQUIRE_EXISTING");
        assertThat(new ElasticsearchSinkConfig(props("index.setup", "REQUIRE_EXISTING")).indexSetup())
                .isEqualTo(ElasticsearchSinkConfig.IndexSetup.REQUIRE_EXISTING);
    }

    @Test
    void shouldKeepTheBulkLimitsInRange() {
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("bulk.max.actions", "0"))).hasMessageContaining("bulk.max.actions");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("bulk.max.actions", "100001"))).hasMessageContaining("bulk.max.actions");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("bulk.max.bytes", "1023"))).hasMessageContaining("bulk.max.bytes");
        assertThat(new ElasticsearchSinkConfig(props("bulk.max.actions", "100000", "bulk.max.bytes", "1024")).bulkLimits())
                .isEqualTo(new FlightIndex.BulkLimits(100_000, 1024));
    }

    @Test
    void shouldRefuseAnAliasNamedLikeItsIndexAndBadNames() {
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("index.alias", "flights-v2")))
                .hasMessageContaining("index.alias and index.name are both 'flights-v2'");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("index.name", "Flights")))
                .hasMessageContaining("index.name").hasMessageContaining("lower case");
        assertThatThrownBy(() -> new ElasticsearchSinkConfig(props("index.gc.deletes", "7 days")))
                .hasMessageContaining("index.gc.deletes").hasMessageContaining("7d");
    }

    @Test
    void shouldDefaultToTheFlightsAliasAndVersionGuard() {
        ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(props("elasticsearch.urls", "http://a:9200, https://b:9243"));
        assertThat(config.urls()).containsExactly(URI.create("http://a:9200"), URI.create("https://b:9243"));
        assertThat(config.indexAlias()).isEqualTo("flights");
        assertThat(config.indexName()).isEqualTo("flights-v2");
        assertThat(config.indexSetup()).isEqualTo(ElasticsearchSinkConfig.IndexSetup.CREATE_IF_MISSING);
        assertThat(config.gcDeletes()).isEqualTo("7d");
        assertThat(config.bulkLimits()).isEqualTo(new FlightIndex.BulkLimits(1000, 5 * 1024 * 1024));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.getString(ElasticsearchSinkConfig.VERSION_FIELD_CONFIG)).isEqualTo("version");
        assertThat(config.getString(ElasticsearchSinkConfig.VERSION_HEADER_CONFIG)).isEqualTo("flightdeck.version");
    }

    @Test
    void shouldGiveEachTaskTheConnectorsConfig() {
        ElasticsearchSinkConnector connector = new ElasticsearchSinkConnector();
        connector.start(props());
        assertThat(connector.taskConfigs(2)).hasSize(2).allSatisfy(task -> assertThat(task).isEqualTo(props()));
        assertThat(connector.taskClass()).isEqualTo(ElasticsearchSinkTask.class);
        assertThat(connector.config().names()).contains("elasticsearch.urls", "index.alias", "bulk.max.bytes", "retry.max.attempts");
        assertThat(List.of(connector.version(), new ElasticsearchSinkTask().version()))
                .containsOnly(System.getProperty("flightdeck.project.version"));
    }
}
