package dev.flightdeck.stack.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.ServiceProcess;
import dev.flightdeck.stack.process.StackState;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchServiceTest {

    private static final String REDIS_PASSWORD = "Fd-redis-secret";

    @TempDir
    Path home;

    private StackLayout layout;
    private StackContext ctx;

    @BeforeEach
    void runningStack() throws Exception {
        layout = new StackLayout(home, home.resolve(".flightdeck"));
        StackState state = new StackState();
        state.service(ServiceId.SEARCH_SERVICE).ports.putAll(Map.of("http", 40095, "ops", 40195));
        state.service(ServiceId.KAFKA).ports.put("broker", 40092);
        state.service(ServiceId.SCHEMA_REGISTRY).ports.put("http", 40081);
        state.service(ServiceId.ELASTICSEARCH).ports.put("http", 40200);
        state.service(ServiceId.REDIS).ports.put("redis", 40379);
        state.service(ServiceId.SEAT_AVAILABILITY).ports.put("http", 40090);
        StackSecrets secrets = StackSecrets.generated(Map.of("redis.reader.password", REDIS_PASSWORD));
        ctx = new StackContext(layout, state, secrets, StackOptions.everything(),
                Progress.console(new PrintStream(PrintStream.nullOutputStream())));
        Files.createDirectories(home.resolve("search-service/target"));
        Files.writeString(home.resolve("search-service/target/flightdeck-search-service-1.0.jar"), "");
        Files.writeString(home.resolve("search-service/target/runtime-classpath.txt"), "/m2/jedis.jar");
    }

    @Test
    void shouldWriteListenersAndFilesAndAProfileWithRedissReaderAccountOnly() throws Exception {
        new SearchService().prepare(ctx);

        Path dir = layout.serviceDir(ServiceId.SEARCH_SERVICE);
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("search-service.properties"))) {
            config.load(reader);
        }
        assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http.listener", "127.0.0.1:40095",
                "ops.listener", "127.0.0.1:40195",
                "cluster.profile", dir.resolve("search-profile.properties").toString(),
                "api.keys.file", dir.resolve("api-keys").toString(),
                "api.key.file", dir.resolve("api-key").toString()));

        Properties profile = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("search-profile.properties"))) {
            profile.load(reader);
        }
        assertThat(profile).containsEntry("redis.url", "redis://127.0.0.1:40379").containsEntry("redis.user", "flightdeck-reader")
                .containsEntry("redis.password.file", dir.resolve("redis.password").toString())
                .containsEntry("elasticsearch.url", "http://127.0.0.1:40200").containsEntry("bootstrap.servers", "127.0.0.1:40092")
                .doesNotContainKeys("connect.user", "schema.registry.user", "mysql.user");
        assertThat(Files.readString(dir.resolve("redis.password"))).isEqualTo(REDIS_PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("redis.password")))).isEqualTo("rw-------");
    }

    @Test
    void shouldLaunchOnItsConfigFileWithTheRedisPasswordInNeither() throws Exception {
        SearchService service = new SearchService();
        service.prepare(ctx);
        ServiceProcess.Launch launch = service.launch(ctx);

        assertThat(Files.readString(layout.serviceDir(ServiceId.SEARCH_SERVICE).resolve("search-service.properties")))
                .doesNotContain(REDIS_PASSWORD);
        assertThat(String.join(" ", launch.command())).doesNotContain(REDIS_PASSWORD)
                .contains("-Xmx128m", "dev.flightdeck.search.SearchServiceMain",
                        "-cp " + home.resolve("search-service/target/flightdeck-search-service-1.0.jar") + ":/m2/jedis.jar",
                        "-XX:SharedArchiveFile=" + home.resolve("target/class-data/dev.flightdeck.search.SearchServiceMain.jsa"));
        assertThat(launch.command()).last().isEqualTo(
                layout.serviceDir(ServiceId.SEARCH_SERVICE).resolve("search-service.properties").toString());
    }
}
