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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
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

        // The REST API listens with TLS only, with a key store of the stack's CA; the file holding its password is private.
        Properties written = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve("worker.properties"))) {
            written.load(reader);
        }
        assertThat(written.getProperty("listeners")).startsWith("https://127.0.0.1:");
        assertThat(written.getProperty("rest.advertised.listener")).isEqualTo("https");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(written.getProperty("listeners.https.ssl.keystore.location")))) {
            keys.load(in, written.getProperty("listeners.https.ssl.keystore.password").toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("connect");
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(data.resolve("tls/ca.pem")));
        certificate.verify(ca.getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("worker.properties")))).isEqualTo("rw-------");
    }

    /**
     * The worker's environment holds more than connectors need (the supervisor's own, a user's
     * shell): the env provider must hand out exactly the variables the shipped connectors name.
     */
    @Test
    void shouldLetConnectorsReadOnlyTheVariablesTheShippedConnectorsName() throws Exception {
        Path configs = Path.of("../../connect-configs").toAbsolutePath().normalize();
        Set<String> named = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");
        try (Stream<Path> files = Files.list(configs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Matcher m = reference.matcher(Files.readString(file));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertThat(named).contains("FLIGHTDECK_MYSQL_CDC_PASSWORD", "FLIGHTDECK_REDIS_PASSWORD", "FLIGHTDECK_REGISTRY_URL");
        Properties template = new Properties();
        try (var reader = Files.newBufferedReader(configs.resolve(ConnectWorker.WORKER_TEMPLATE))) {
            template.load(reader);
        }
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin", "HOME", "/root",
                "FLIGHTDECK_REQUIRE_CONTAINERS", "1", "FLIGHTDECK_MYSQL_ROOT_PASSWORD", "not for connectors",
                "FLIGHTDECK_MYSQL_HOST_EXTRA", "a longer name that starts alike"));
        named.forEach(name -> environment.put(name, "value of " + name));
        try (EnvVarConfigProvider provider = new EnvVarConfigProvider(environment)) {
            provider.configure(Map.of(EnvVarConfigProvider.ALLOWLIST_PATTERN_CONFIG,
                    template.getProperty("config.providers.env.param." + EnvVarConfigProvider.ALLOWLIST_PATTERN_CONFIG)));
            assertThat(provider.get("").data().keySet()).containsExactlyInAnyOrderElementsOf(named);
        }
    }
}
