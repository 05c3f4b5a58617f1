package dev.flightdeck.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.clients.ClusterProfile.Service;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterProfileTest {

    @TempDir
    Path dir;

    private Path profile(String text) throws Exception {
        Path file = dir.resolve("cluster.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldReadEveryServiceAndPassKafkaSettingsThrough() throws Exception {
        Path password = dir.resolve("mysql.password");
        Files.writeString(password, "s3cret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        ClusterProfile profile = ClusterProfile.load(profile("""
                bootstrap.servers=k1:9092,k2:9092
                schema.registry.url=http://registry:8080/apis/ccompat/v7/
                connect.url=http://connect:8083
                mysql.jdbc.url=jdbc:mysql://db:3306/flights?sslMode=REQUIRED
                mysql.user=flightdeck_ops
                mysql.password.file=%s
                kafka.security.protocol=SASL_SSL
                kafka.sasl.mechanism=SCRAM-SHA-512
                """.formatted(password)));
        assertThat(profile.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(profile.schemaRegistryUrl()).isEqualTo("http://registry:8080/apis/ccompat/v7");
        assertThat(profile.apicurioRegistryUrl()).isEqualTo("http://registry:8080/apis/registry/v2");
        assertThat(profile.mysqlPassword()).isEqualTo("s3cret");
        assertThat(profile.mysqlJdbcUrl()).isEqualTo(
                "jdbc:mysql://db:3306/flights?sslMode=REQUIRED&connectTimeout=5000&socketTimeout=120000");
        assertThat(profile.kafkaClientConfig()).containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("default.api.timeout.ms");
        assertThat(profile.endpoint(Service.MYSQL).hosts()).containsExactly(new Endpoint.HostPort("db", 3306));
        assertThat(profile.has(Service.REDIS)).isFalse();
    }

    @Test
    void shouldNameAnUnknownKeyAndTheFile() throws Exception {
        Path file = profile("bootstrap.servers=k1:9092\nconect.url=http://connect:8083\n");
        assertThatThrownBy(() -> ClusterProfile.load(file)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("unknown key conect.url in " + file);
    }

    @Test
    void shouldNameABadValueByItsKey() throws Exception {
        assertThatThrownBy(() -> ClusterProfile.load(profile("bootstrap.servers=k1:9092\nconnect.url=connect:8083\n")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("connect.url");
        assertThatThrownBy(() -> ClusterProfile.load(profile("bootstrap.servers=k1\n")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("bootstrap.servers").hasMessageContaining("'k1' is not host:port");
        assertThatThrownBy(() -> ClusterProfile.load(profile("connect.url=http://connect:8083\n")))
                .isInstanceOf(ProfileException.class).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldSayWhichKeyAnOperationMisses() throws Exception {
        ClusterProfile profile = ClusterProfile.load(profile("bootstrap.servers=k1:9092\n"));
        assertThatThrownBy(profile::connectUrl).isInstanceOf(ProfileException.class)
                .hasMessageContaining("has no connect.url (Kafka Connect)");
    }

    @Test
    void shouldRefuseAPasswordFileOthersMayRead() throws Exception {
        Path password = dir.resolve("open.password");
        Files.writeString(password, "s3cret");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterProfile profile = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nmysql.password.file=" + password + "\n"));
        assertThatThrownBy(profile::mysqlPassword).isInstanceOf(ProfileException.class).hasMessageContaining("chmod 600 " + password);
    }

    @Test
    void shouldGiveConnectsCredentialsFromAPrivateFileAndNoneWithoutAUser() throws Exception {
        Path password = dir.resolve("connect.password");
        Files.writeString(password, "c0nnect\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));

        ClusterProfile secured = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nconnect.url=http://connect:8083\n"
                + "connect.user=flightdeck-ops\nconnect.password.file=" + password + "\n"));
        assertThat(secured.connectCredentials()).isEqualTo(new BasicCredentials("flightdeck-ops", "c0nnect"));
        assertThat(secured.connectCredentials().toString()).doesNotContain("c0nnect");
        assertThat(secured.values().toString()).doesNotContain("c0nnect");

        ClusterProfile open = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nconnect.url=http://connect:8083\n"));
        assertThat(open.connectCredentials()).isNull();

        ClusterProfile half = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nconnect.user=flightdeck-ops\n"));
        assertThatThrownBy(half::connectCredentials).isInstanceOf(ProfileException.class)
                .hasMessageContaining("connect.password.file");
    }

    @Test
    void shouldGiveTheRegistrysCredentialsFromTheEnvironmentAndNoneWithoutAUser() throws Exception {
        String variable = System.getenv().containsKey("HOME") ? "HOME" : "PATH";
        ClusterProfile secured = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nschema.registry.url=http://r:8080\n"
                + "schema.registry.user=flightdeck-ops\nschema.registry.password.env=" + variable + "\n"));
        assertThat(secured.registryCredentials()).isEqualTo(new BasicCredentials("flightdeck-ops", System.getenv(variable)));

        assertThat(ClusterProfile.load(profile("bootstrap.servers=k1:9092\n")).registryCredentials()).isNull();
        ClusterProfile half = ClusterProfile.load(profile("bootstrap.servers=k1:9092\nschema.registry.user=flightdeck-ops\n"));
        assertThatThrownBy(half::registryCredentials).isInstanceOf(ProfileException.class)
                .hasMessageContaining("schema.registry.user").hasMessageContaining("schema.registry.password.file");
    }

    @Test
    void shouldNameAnUnreachableServiceWithItsKeyWithinSeconds() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClusterProfile profile = ClusterProfile.of(Map.of("bootstrap.servers", "127.0.0.1:" + port,
                "connect.url", "http://127.0.0.1:" + port), "test profile");
        assertThatThrownBy(() -> profile.requireReachable(Service.KAFKA, Service.CONNECT))
                .isInstanceOf(UnreachableEndpointException.class)
                .hasMessageStartingWith("Kafka at 127.0.0.1:" + port + " (bootstrap.servers of test profile) is unreachable");
    }
}
