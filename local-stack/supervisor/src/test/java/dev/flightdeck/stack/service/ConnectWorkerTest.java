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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's REST authentication as {@code up} sets it up, without starting the worker. */
class ConnectWorkerTest {

    private static final String PASSWORD = "Fd-connect-secret";

    @TempDir
    Path data;

    @Test
    void shouldAskForBasicAuthenticationWithAPrivateUsersFileAndNoPasswordOnTheCommandLine() throws Exception {
        Path checkout = Path.of("../..").toAbsolutePath().normalize();
        StackState state = new StackState();
        state.service(ServiceId.MYSQL).ports.put("mysql", 40306);
        state.service(ServiceId.KAFKA).ports.put("broker", 40092);
        state.service(ServiceId.SCHEMA_REGISTRY).ports.put("http", 40080);
        state.service(ServiceId.CONNECT).ports.putAll(Map.of("rest", 40083, "metrics", 40084));
        StackSecrets secrets = StackSecrets.generated(Map.of("connect.password", PASSWORD));
        StackContext ctx = new StackContext(new StackLayout(checkout, data), state, secrets, StackOptions.everything(),
                Progress.console(new PrintStream(PrintStream.nullOutputStream())));
        ConnectWorker worker = new ConnectWorker();

        worker.prepare(ctx);
        ServiceProcess.Launch launch = worker.launch(ctx);

        Path dir = data.resolve("connect");
        assertThat(Files.readString(dir.resolve("worker.properties")))
                .contains("rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension")
                .doesNotContain(PASSWORD);
        Path users = dir.resolve("rest-users.properties");
        assertThat(Files.readString(users)).contains("flightdeck-ops=" + PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("rest-jaas.conf")))
                .contains("KafkaConnect {", ConnectWorker.BASIC_AUTH_LOGIN_MODULE + " required", "file=\"" + users + "\"");
        assertThat(launch.command()).contains("-Djava.security.auth.login.config=" + dir.resolve("rest-jaas.conf"));
        assertThat(String.join(" ", launch.command())).doesNotContain(PASSWORD);
        assertThat(launch.environment().values()).doesNotContain(PASSWORD);
    }
}
