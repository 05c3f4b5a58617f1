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
        StackSecrets secrets = new StackSecrets("root", "app", "app-password", "cdc", "cdc-password", REDIS_PASSWORD, "monitor", "monitor-password", "flightdeck-ops", "connect-password",
                "flightdeck-ops", "registry-ops", "flightdeck-capture", "registry-capture", "flightdeck-streams", "registry-streams");
        ctx = new StackContext(layout, state, secrets, StackOptions.everything(),
                Progress.console(new PrintStream(PrintStream.nullOutputStream())));
        Files.createDirectories(home.resolve("search-service/target/classes"));
        Files.writeString(home.resolve("search-service/target/runtime-classpath.txt"), "/m2/jedis.jar");
    }

    @Test
    void shouldWriteListenersAndFilesAndPointAtTheClusterProfile() throws Exception {
        new SearchService().prepare(ctx);

        Path dir = layout.serviceDir(ServiceId.SEARCH_SERVICE);
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("search-service.properties"))) {
            config.load(reader);
        }
        assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http.listener", "127.0.0.1:40095",
                "ops.listener", "127.0.0.1:40195",
                "cluster.profile", layout.profileFile().toString(),
                "api.keys.file", dir.resolve("api-keys").toString(),
                "api.key.file", dir.resolve("api-key").toString()));
    }

    @Test
    void shouldLaunchOnItsConfigFileWithTheRedisPasswordInNeither() throws Exception {
        SearchService service = new SearchService();
        service.prepare(ctx);
        ServiceProcess.Launch launch = service.launch(ctx);

        assertThat(Files.readString(layout.serviceDir(ServiceId.SEARCH_SERVICE).resolve("search-service.properties")))
                .doesNotContain(REDIS_PASSWORD);
        assertThat(String.join(" ", launch.command())).doesNotContain(REDIS_PASSWORD)
                .contains("-Xmx256m", "dev.flightdeck.search.SearchServiceMain",
                        home.resolve("search-service/target/classes") + ":/m2/jedis.jar");
        assertThat(launch.command()).last().isEqualTo(
                layout.serviceDir(ServiceId.SEARCH_SERVICE).resolve("search-service.properties").toString());
    }
}
