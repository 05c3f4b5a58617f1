package dev.flightdeck.ops.lagexporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LagExporterConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() {
        assertThatThrownBy(() -> new LagExporterConfig(Map.of("cluster.profile", "flightdeck.properties", "poll.intervall.ms", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown option poll.intervall.ms")
                .hasMessageContaining("poll.interval.ms");
    }

    @Test
    void shouldRequireTheClusterProfile() {
        assertThatThrownBy(() -> new LagExporterConfig(Map.of("http.listener", "127.0.0.1:9308")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.profile");
    }

    @Test
    void shouldDefaultToTheLoopbackPortEveryTenSecondsAndEveryGroup() {
        LagExporterConfig config = new LagExporterConfig(Map.of("cluster.profile", "flightdeck.properties"));

        assertThat(config.clusterProfile()).isEqualTo(Path.of("flightdeck.properties"));
        assertThat(config.httpListener()).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9308));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.groupsInclude().pattern()).isEqualTo(".*");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldRefuseAListenerThatIsNotHostPortNamingTheKey() {
        assertThatThrownBy(() -> new LagExporterConfig(Map.of("cluster.profile", "p", "http.listener", "9308")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.listener")
                .hasMessageContaining("not host:port");
    }

    @Test
    void shouldRefuseAnIncludePatternThatIsNotARegularExpression() {
        assertThatThrownBy(() -> new LagExporterConfig(Map.of("cluster.profile", "p", "groups.include", "connect-(")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groups.include")
                .hasMessageContaining("not a regular expression");
    }

    @Test
    void shouldRefuseAPollIntervalBelowOneSecond() {
        assertThatThrownBy(() -> new LagExporterConfig(Map.of("cluster.profile", "p", "poll.interval.ms", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poll.interval.ms");
    }

    @Test
    void shouldLetKeyValueArgumentsOverrideTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("lag-exporter.properties"),
                "cluster.profile=/etc/flightdeck/cluster.properties\npoll.interval.ms=30000\n");

        LagExporterConfig config = LagExporterConfig.fromArgs(List.of(file.toString(), "poll.interval.ms=5000",
                "groups.include=connect-.*"));

        assertThat(config.clusterProfile()).isEqualTo(Path.of("/etc/flightdeck/cluster.properties"));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.groupsInclude().matcher("connect-redis-sink").matches()).isTrue();
        assertThat(config.groupsInclude().matcher("seat-availability").matches()).isFalse();
    }

    @Test
    void shouldNameTheFileAndTheKeyOfAnUnknownOptionInIt() throws Exception {
        Path file = Files.writeString(dir.resolve("lag-exporter.properties"), "cluster.profile=p\nbootstrap.servers=kafka:9092\n");

        assertThatThrownBy(() -> LagExporterConfig.fromArgs(List.of(file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown option bootstrap.servers");
    }

    @Test
    void shouldRefuseAnArgumentThatIsNotKeyValue() throws Exception {
        Path file = Files.writeString(dir.resolve("lag-exporter.properties"), "cluster.profile=p\n");

        assertThatThrownBy(() -> LagExporterConfig.fromArgs(List.of(file.toString(), "--verbose")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'--verbose'");
    }

    @Test
    void shouldSayWhichConfigFileIsMissing() {
        Path missing = dir.resolve("nowhere.properties");

        assertThatThrownBy(() -> LagExporterConfig.fromArgs(List.of(missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }
}
