package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.clients.connect.ConnectClient;
import dev.flightdeck.stack.driver.LocalStackDriver;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the stack refuses, plane by plane: the negative side of its security. Each test asks as
 * an outsider would (no credentials, wrong ones) and then as the stack's own clients do.
 */
@ExtendWith(SharedStack.class)
class SecurityIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final SharedStack stack = SharedStack.get();
    /** A client trusting the stack's CA, as the stack's own clients do. */
    private final HttpClient https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .sslContext(stack.profile().connectTls()).build();

    @Test
    void shouldRefuseConnectsRestApiWithoutCredentialsOrWithAWrongPassword() throws Exception {
        String connect = stack.profile().connectUrl();
        for (String path : new String[] {"/", "/connectors", "/health", "/connector-plugins"}) {
            assertThat(status(connect + path, null)).as("GET %s without credentials", path).isEqualTo(401);
        }
        BasicCredentials mine = stack.profile().connectCredentials();
        assertThat(status(connect + "/connectors", new BasicCredentials(mine.user(), mine.password() + "x")))
                .as("a wrong password").isEqualTo(401);
        assertThat(status(connect + "/connectors", new BasicCredentials("nobody", mine.password())))
                .as("an unknown user with the right password").isEqualTo(401);
        assertThat(status(connect + "/connectors", mine)).as("the profile's credentials").isEqualTo(200);

        // The ops commands' client says what is missing rather than failing on a bare 401.
        assertThatThrownBy(() -> new ConnectClient(connect, null, stack.profile().connectTls()).status("debezium-mysql-flights"))
                .isInstanceOf(EndpointException.class).hasMessageContaining("401").hasMessageContaining("credentials");
        assertThat(stack.profile().connect().status("debezium-mysql-flights").running()).isTrue();
    }

    @Test
    void shouldServeConnectsRestApiOverTlsOnlyWithACertificateOfTheStacksCa() throws Exception {
        URI connect = URI.create(stack.profile().connectUrl());
        assertThat(connect.getScheme()).isEqualTo("https");
        BasicCredentials mine = stack.profile().connectCredentials();
        URI plain = URI.create("http://" + connect.getAuthority() + "/connectors");
        int plainStatus;
        try {
            plainStatus = HTTP.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5))
                    .header("Authorization", mine.authorizationHeader()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            plainStatus = -1; // the TLS listener hung up on plain HTTP
        }
        assertThat(plainStatus / 100).as("the credentials over plain HTTP are not served (HTTP %d)", plainStatus).isNotEqualTo(2);
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(connect.resolve("/connectors")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding()))
                .as("a client that trusts only the public authorities").isInstanceOf(SSLHandshakeException.class);
        // The certificate names loopback only: the same server taken for another host is refused.
        assertThat(handshake(connect.getPort(), "localhost")).as("a name the certificate has").isNull();
        assertThat(handshake(connect.getPort(), "connect.elsewhere.example")).as("a name it does not have")
                .isInstanceOf(SSLHandshakeException.class);
    }

    /** A TLS handshake with the server on loopback as if it were {@code host}, verifying the host name; the failure or null. */
    private Exception handshake(int port, String host) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port);
             SSLSocket tls = (SSLSocket) stack.profile().connectTls().getSocketFactory().createSocket(raw, host, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(5000);
            tls.startHandshake();
            return null;
        } catch (SSLHandshakeException e) {
            return e;
        }
    }

    @Test
    void shouldRefuseAConnectorThatWouldReadUncommittedRecords() throws Exception {
        ConnectClient.ConnectorFile sink = ConnectClient.ConnectorFile.read(LocalStackDriver.checkout().resolve("connect-configs/redis-sink-flights.json"));
        ObjectNode weakened = sink.config().deepCopy();
        weakened.put("consumer.override.isolation.level", "read_uncommitted");

        List<String> problems = stack.profile().connect().validate(new ConnectClient.ConnectorFile(sink.file(), "weakened-sink", weakened));

        assertThat(problems).as("the worker's client override policy (Principal)").anySatisfy(problem ->
                assertThat(problem).contains("consumer.override.isolation.level"));
        assertThat(stack.profile().connect().validate(sink)).isEmpty();
    }

    @Test
    void shouldRefuseRedisCommandsBeforeAuthenticationAndAWrongPassword() {
        URI redis = URI.create(stack.profile().redisUrl());
        try (Jedis anonymous = new Jedis(redis.getHost(), redis.getPort(), 2000)) {
            assertThatThrownBy(() -> anonymous.get("flightdeck:flight:1")).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOAUTH");
        }
        try (Jedis wrong = new Jedis(redis.getHost(), redis.getPort(), 2000)) {
            assertThatThrownBy(() -> wrong.auth(stack.profile().redisPassword() + "x")).isInstanceOf(JedisDataException.class);
        }
        try (JedisPooled mine = stack.profile().openRedis()) {
            assertThat(mine.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void shouldKeepRedissSinkToItsPrefixAndItsReadersToReading() throws Exception {
        Properties secrets = stackSecrets();
        URI redis = URI.create(stack.profile().redisUrl());
        try (Jedis sink = redisAs(secrets, "redis.sink")) {
            String key = "flightdeck:security-probe:" + System.nanoTime();
            assertThat(sink.set(key, "1")).as("under its prefix").isEqualTo("OK");
            sink.del(key);
            assertThatThrownBy(() -> sink.set("elsewhere:security-probe", "1")).as("outside its prefix")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> sink.eval("return redis.call('SET', 'elsewhere:security-probe', '1')"))
                    .as("outside its prefix from a script").isInstanceOf(JedisDataException.class);
            assertThatThrownBy(sink::flushAll).as("FLUSHALL").isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
        try (Jedis reader = redisAs(secrets, "redis.reader")) {
            assertThatCode(() -> reader.hgetAll("flightdeck:flight:1")).as("a read under the prefix").doesNotThrowAnyException();
            assertThatThrownBy(() -> reader.set("flightdeck:security-probe", "1")).as("a write")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.get("elsewhere:security-probe")).as("a read outside the prefix")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
        try (Jedis anonymous = new Jedis(redis.getHost(), redis.getPort(), 2000)) {
            assertThatThrownBy(() -> anonymous.auth(secrets.getProperty("redis.password")))
                    .as("the ops password for the default user, whose password nobody has").isInstanceOf(JedisDataException.class);
        }
    }

    @Test
    void shouldKeepWhatTheSinksScriptsWroteAcrossARedisRestart() throws Exception {
        Properties secrets = stackSecrets();
        String key = "flightdeck:security-restart:" + System.nanoTime();
        try (Jedis sink = redisAs(secrets, "redis.sink")) {
            // A script's writes reach the append-only file as one MULTI/EXEC, as the sink's version-guarded writes do.
            sink.eval("redis.call('HSET', KEYS[1], 'version', '1'); redis.call('PEXPIRE', KEYS[1], 600000); return 1", 1, key);
        }
        stack.driver().stop("redis");
        stack.driver().start("redis");
        try (JedisPooled ops = stack.profile().openRedis()) {
            assertThat(ops.hget(key, "version")).as("replayed from the append-only file after the restart").isEqualTo("1");
            ops.del(key);
        }
    }

    @Test
    void shouldLetAnyoneReadTheRegistryButOnlyItsUsersRegisterAndOnlyOpsChangeRules() throws Exception {
        String registry = stack.profile().schemaRegistryUrl();
        BasicCredentials ops = stack.profile().registryCredentials();
        String rule = "{\"compatibility\":\"NONE\"}";
        String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":[]}\"}";

        assertThat(status(registry + "/config", null)).as("reading the global rule anonymously").isEqualTo(200);
        assertThat(status(registry + "/subjects", null)).as("listing subjects anonymously").isEqualTo(200);
        assertThat(send("PUT", registry + "/config", rule, null)).as("a rule change without credentials").isEqualTo(401);
        assertThat(send("PUT", registry + "/config", rule, new BasicCredentials(ops.user(), ops.password() + "x")))
                .as("a rule change with a wrong password").isEqualTo(401);
        assertThat(send("POST", registry + "/subjects/security-probe-value/versions", schema, null))
                .as("registering a schema without credentials").isEqualTo(401);
        assertThat(send("DELETE", registry + "/subjects/cdc.flights.booking-value", null, null))
                .as("deleting a subject without credentials").isEqualTo(401);
        // The Streams apps' own user may register their schemas, but not touch the rules everyone relies on.
        Path streamsPassword = stack.driver().dataDir().resolve("seat-availability/registry.password");
        BasicCredentials streams = new BasicCredentials("flightdeck-streams", Files.readString(streamsPassword));
        assertThat(send("PUT", registry + "/config", rule, streams)).as("a rule change by a developer user").isEqualTo(403);

        assertThat(stack.profile().registry().globalCompatibility()).as("the rule nobody could change").isEqualTo("BACKWARD");
        assertThat(send("PUT", registry + "/config", "{\"compatibility\":\"BACKWARD\"}", ops)).as("the ops user").isEqualTo(200);
    }

    @Test
    void shouldRotateTheApplicationsPasswordWhileItBooksWithNoRefusalAndNothingLost() throws Exception {
        String url = stack.profile().mysqlJdbcUrl();
        String user = stack.profile().mysqlUser();
        String old = stack.profile().mysqlPassword();
        Path simulatorLog = stack.driver().logFile("simulator");
        stack.startTraffic(20);
        try {
            stack.awaitTraffic(Duration.ofSeconds(3));
            long before = Files.size(simulatorLog);
            LocalStackDriver.Result rotate = stack.driver().run("rotate", "mysql-app");
            assertThat(rotate.exitCode()).as(rotate.output()).isZero();
            assertThat(rotate.output()).contains("the booking simulator restarted with it", "the old password is refused from now on");

            String now = stack.profile().mysqlPassword();
            assertThat(now).isNotEqualTo(old);
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, old).close()).as("the old password")
                    .hasMessageContaining("Access denied");
            try (Connection app = DriverManager.getConnection(url, user, now); Statement statement = app.createStatement()) {
                assertThat(statement.executeQuery("SELECT COUNT(*) FROM flight").next()).as("the new password").isTrue();
            }
            // The restarted simulator books with the new password: its own statistics say so.
            Pattern committed = Pattern.compile("tx in (\\d+)\\.\\d s");
            Awaitility.await("the restarted simulator's statistics").atMost(Duration.ofMinutes(1)).until(() -> {
                Matcher m = committed.matcher(Files.readString(simulatorLog).substring((int) before));
                long seconds = -1;
                while (m.find()) {
                    seconds = Long.parseLong(m.group(1));
                }
                return seconds >= 3;
            });
            assertThat(Files.readString(simulatorLog).substring((int) before)).as("the simulator's log since the rotation")
                    .doesNotContain("Access denied");
        } finally {
            stack.stopTraffic();
        }
        LocalStackDriver.Result reconcile = stack.driver().run("reconcile");
        assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
        assertThat(reconcile.output()).contains("No drift.");
    }

    @Test
    void shouldKeepConnectsPasswordInPrivateFilesOnly() throws Exception {
        Path passwordFile = Path.of(stack.profile().values().get("connect.password.file"));
        assertThat(stack.driver().status().path("endpoints").path("connectPasswordFile").asText()).isEqualTo(passwordFile.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = stack.profile().connectCredentials().password();
        assertThat(stack.driver().status().toString()).doesNotContain(password);
        assertThat(Files.readString(stack.driver().dataDir().resolve("flightdeck.properties"))).doesNotContain(password);
        Path connectDir = stack.driver().dataDir().resolve("connect");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(connectDir.resolve("rest-users.properties"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(connectDir.resolve("worker.properties"))).doesNotContain(password);
        String registryPassword = stack.profile().registryCredentials().password();
        assertThat(stack.driver().status().toString()).doesNotContain(registryPassword);
        assertThat(Files.readString(stack.driver().dataDir().resolve("schema-registry/config/application.properties")))
                .as("the registry's users file holds digests").doesNotContain(registryPassword);
        // Nor in any process's arguments: what ps shows to every user of the machine.
        ProcessHandle.allProcesses().forEach(process -> assertThat(process.info().commandLine().orElse(""))
                .as("pid %d's command line", process.pid()).doesNotContain(password).doesNotContain(registryPassword));
    }

    @Test
    void shouldRefuseKafkaClientsWithoutTlsAndScramOrWithAWrongPassword() throws Exception {
        String bootstrap = stack.opsProfile().bootstrapServers();
        // PLAINTEXT to the TLS listener: the broker never answers in Kafka's protocol.
        try (Admin plain = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))) {
            assertThatThrownBy(() -> plain.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                    .as("a PLAINTEXT client").isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        }
        Properties secrets = stackSecrets();
        try (Admin wrong = Admin.create(kafkaAs(secrets, "ops", "not-" + secrets.getProperty("kafka.ops.password")))) {
            assertThatThrownBy(() -> wrong.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                    .as("the ops user with a wrong password").hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin ops = Admin.create(kafkaAs(secrets, "ops", secrets.getProperty("kafka.ops.password")))) {
            assertThat(ops.listTopics().names().get(10, TimeUnit.SECONDS)).as("what ops may describe")
                    .contains("cdc.flights.booking", "flight-availability", "anomalies");
        }
        // The broker's certificate names loopback only: a client taking it for another host refuses it.
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        assertThat(handshake(port, "localhost")).as("a name the certificate has").isNull();
        assertThat(handshake(port, "kafka.elsewhere.example")).as("a name it does not have").isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldDenyEachKafkaUserWhatItsJobDoesNotNeed() throws Exception {
        Properties secrets = stackSecrets();
        // A sink reads flight-availability and writes its dead-letter topic: it may not write a CDC topic.
        Map<String, Object> sinkConfig = kafkaAs(secrets, "redis-sink", null);
        sinkConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // the topic's ACL alone decides
        try (KafkaProducer<byte[], byte[]> sink = new KafkaProducer<>(sinkConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> sink.send(new ProducerRecord<>("cdc.flights.booking", new byte[] {1}, new byte[] {1}))
                    .get(20, TimeUnit.SECONDS)).as("the Redis sink writing cdc.flights.booking")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // seat-availability reads bookings, flights, seat maps and aircraft types: not passengers.
        assertThat(firstPoll(kafkaAs(secrets, "seat-availability", null), "cdc.flights.booking")).as("its own input").isNull();
        assertThat(firstPoll(kafkaAs(secrets, "seat-availability", null), "cdc.flights.passenger"))
                .as("seat-availability reading cdc.flights.passenger").isInstanceOf(TopicAuthorizationException.class);
        // An analyst reads the anomalies, and nothing else.
        assertThat(firstPoll(kafkaAs(secrets, "analyst", null), "anomalies")).as("the analyst reading anomalies").isNull();
        assertThat(firstPoll(kafkaAs(secrets, "analyst", null), "flight-availability"))
                .as("the analyst reading flight-availability").isInstanceOf(TopicAuthorizationException.class);
        // Topics are made by their owners: nobody's typo makes a new one.
        try (KafkaProducer<byte[], byte[]> ops = new KafkaProducer<>(stack.profile().kafkaClientConfig(
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000)), new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> ops.send(new ProducerRecord<>("flight-availabilty", new byte[] {1})).get(20, TimeUnit.SECONDS))
                    .as("a write to a topic that does not exist, even as the administrator").isNotNull();
        }
        try (Admin admin = stack.profile().admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("flight-availabilty");
        }
    }

    /** Assigns the topic's partitions and polls once: the authorization failure, or null if the read was allowed. */
    private static Exception firstPoll(Map<String, Object> config, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            consumer.poll(Duration.ofSeconds(5));
            return null;
        } catch (TopicAuthorizationException e) {
            return e;
        }
    }

    /** Client settings for the Kafka user of {@code job} (its key {@code kafka.JOB} in the secrets file); null: its own password. */
    private Map<String, Object> kafkaAs(Properties secrets, String job, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.opsProfile().bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, stack.driver().dataDir().resolve("tls/ca.pem").toString());
        config.put(SaslConfigs.SASL_JAAS_CONFIG, ScramLogin.jaasConfig(secrets.getProperty("kafka." + job + ".user"),
                password != null ? password : secrets.getProperty("kafka." + job + ".password")));
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "security-it-" + job);
        return config;
    }

    /** The stack's secrets file, which the test may read as the stack's owner. */
    private Properties stackSecrets() throws IOException {
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(stack.driver().dataDir().resolve("secrets/stack-secrets.properties"))) {
            secrets.load(reader);
        }
        return secrets;
    }

    /** A Redis connection logged in as {@code account} (its key in the secrets file, e.g. {@code redis.sink}). */
    private Jedis redisAs(Properties secrets, String account) {
        URI redis = URI.create(stack.profile().redisUrl());
        Jedis jedis = new Jedis(redis.getHost(), redis.getPort(), 2000);
        jedis.auth(secrets.getProperty(account + ".user"), secrets.getProperty(account + ".password"));
        return jedis;
    }

    private int send(String method, String url, String body, BasicCredentials credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", credentials.authorizationHeader());
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int status(String url, BasicCredentials credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", credentials.authorizationHeader());
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
