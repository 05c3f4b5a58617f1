package dev.flightdeck.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightdeck.stack.process.StackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStateTest {

    @TempDir
    Path dir;

    @Test
    void shouldRememberPidsAndPortsAcrossCommands() {
        StackState state = new StackState();
        state.kafkaClusterId = "abc";
        state.service(ServiceId.KAFKA).pid = 42L;
        state.service(ServiceId.KAFKA).ports.put("broker", 40001);
        state.save(dir.resolve("stack.json"));

        StackState loaded = StackState.load(dir.resolve("stack.json"));
        assertThat(loaded.kafkaClusterId).isEqualTo("abc");
        assertThat(loaded.port(ServiceId.KAFKA, "broker")).isEqualTo(40001);
        assertThat(loaded.service(ServiceId.KAFKA).pid).isEqualTo(42L);
        assertThat(loaded.port(ServiceId.MYSQL, "mysql")).isNull();
    }

    @Test
    void shouldSayHowToRecoverFromACorruptStateFile() throws Exception {
        Files.writeString(dir.resolve("stack.json"), "{not json");
        assertThatThrownBy(() -> StackState.load(dir.resolve("stack.json")))
                .hasMessageContaining("stack.json is not readable").hasMessageContaining("move it aside");
    }

    @Test
    void shouldKeepSecretsReadableOnlyByTheirOwnerAndStableAcrossLoads() throws Exception {
        Path file = dir.resolve("secrets/stack-secrets.properties");
        StackSecrets first = StackSecrets.loadOrCreate(file);
        StackSecrets second = StackSecrets.loadOrCreate(file);
        assertThat(second).isEqualTo(first);
        assertThat(first.mysqlCdcPassword()).isNotEqualTo(first.mysqlAppPassword()).hasSizeGreaterThan(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void shouldAddTheRedisPasswordToSecretsMadeBeforeItAndKeepTheRest() throws Exception {
        Path file = dir.resolve("secrets/stack-secrets.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "mysql.root.password=r1\nmysql.app.user=app\nmysql.app.password=a1\n"
                + "mysql.cdc.user=cdc\nmysql.cdc.password=c1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        StackSecrets upgraded = StackSecrets.loadOrCreate(file);
        assertThat(upgraded.mysqlRootPassword()).isEqualTo("r1");
        assertThat(upgraded.mysqlCdcPassword()).isEqualTo("c1");
        assertThat(upgraded.redisPassword()).hasSizeGreaterThan(20);
        assertThat(StackSecrets.loadOrCreate(file)).isEqualTo(upgraded);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseSecretsOthersMayReadAndSayHowToFixIt() throws Exception {
        Path file = dir.resolve("secrets/stack-secrets.properties");
        StackSecrets.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> StackSecrets.loadOrCreate(file))
                .hasMessageContaining("may be read or written by others").hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void shouldListTheServicesWhenAnUnknownOneIsNamed() {
        assertThat(ServiceId.parse("Schema-Registry")).isEqualTo(ServiceId.SCHEMA_REGISTRY);
        assertThatThrownBy(() -> ServiceId.parse("zookeeper"))
                .hasMessage("unknown service 'zookeeper'; the services are: mysql, kafka, schema-registry, elasticsearch, redis, alertmanager, connect, seat-availability, "
                        + "anomaly-detector, search-service, lag-exporter, mysqld-exporter, redis-exporter, elasticsearch-exporter, prometheus, simulator");
    }
}
