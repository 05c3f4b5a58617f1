package dev.flightdeck.stack.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightdeck.ops.Progress;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackOptions;
import dev.flightdeck.stack.StackSecrets;
import dev.flightdeck.stack.process.StackState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what on Kafka, as the ACLs {@code up} makes say, judged the way the broker matches them. */
class KafkaAccountsTest {

    @TempDir
    Path data;

    private StackLayout layout;
    private StackSecrets secrets;
    private List<AclBinding> acls;

    @BeforeEach
    void setUp() {
        layout = new StackLayout(Path.of("../..").toAbsolutePath().normalize(), data);
        secrets = StackSecrets.generated(Map.of());
        acls = KafkaAccounts.acls(layout);
    }

    @Test
    void shouldLetEachJobDoItsWorkAndNothingElse() {
        assertThat(allowed("seat-availability", ResourceType.TOPIC, "cdc.flights.booking", AclOperation.READ)).isTrue();
        assertThat(allowed("seat-availability", ResourceType.TOPIC, "cdc.flights.passenger", AclOperation.READ)).isFalse();
        assertThat(allowed("seat-availability", ResourceType.TOPIC, "flight-availability", AclOperation.WRITE)).isTrue();
        assertThat(allowed("seat-availability", ResourceType.TOPIC, "seat-availability-dlq", AclOperation.WRITE)).isTrue();
        assertThat(allowed("seat-availability", ResourceType.TOPIC, "anomalies", AclOperation.WRITE)).isFalse();
        assertThat(allowed("anomaly-detector", ResourceType.TOPIC, "cdc.schema-history", AclOperation.READ)).isTrue();
        assertThat(allowed("anomaly-detector", ResourceType.TOPIC, "cdc.schema-history", AclOperation.WRITE)).isFalse();
        assertThat(allowed("anomaly-detector", ResourceType.TOPIC, "cdc.flights.passenger", AclOperation.READ)).isFalse();

        assertThat(allowed("redis-sink", ResourceType.TOPIC, "flight-availability", AclOperation.READ)).isTrue();
        assertThat(allowed("redis-sink", ResourceType.GROUP, "connect-redis-sink-flights", AclOperation.READ)).isTrue();
        assertThat(allowed("redis-sink", ResourceType.TOPIC, "redis-sink-flights-dlq", AclOperation.WRITE)).isTrue();
        assertThat(allowed("redis-sink", ResourceType.TOPIC, "cdc.flights.booking", AclOperation.WRITE)).isFalse();
        assertThat(allowed("redis-sink", ResourceType.TOPIC, "elasticsearch-sink-flights-dlq", AclOperation.WRITE)).isFalse();

        assertThat(allowed("connect", ResourceType.TOPIC, "cdc.flights.booking", AclOperation.WRITE)).isTrue();
        assertThat(allowed("connect", ResourceType.TRANSACTIONAL_ID, "flightdeck-connect-debezium-mysql-flights-0",
                AclOperation.WRITE)).isTrue();
        assertThat(allowed("connect", ResourceType.TOPIC, "flight-availability", AclOperation.READ)).isFalse();

        assertThat(allowed("analyst", ResourceType.TOPIC, "anomalies", AclOperation.READ)).isTrue();
        assertThat(allowed("analyst", ResourceType.TOPIC, "flight-availability", AclOperation.READ)).isFalse();

        assertThat(allowed("ops", ResourceType.TOPIC, "cdc.flights.passenger", AclOperation.READ)).isTrue();
        assertThat(allowed("ops", ResourceType.TOPIC, "cdc.flights.booking", AclOperation.WRITE)).isFalse();
        assertThat(allowed("ops", ResourceType.TOPIC, "flight-availability", AclOperation.DELETE)).isFalse();
    }

    @Test
    void shouldNameAPasswordFileAndNeverThePassword() {
        StackContext ctx = context(false);

        Map<String, String> settings = KafkaAccounts.clientSettings(ctx, "ops");

        assertThat(settings).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(settings.get("sasl.jaas.config")).contains("username=\"flightdeck-ops\"")
                .contains("${dir:" + KafkaAccounts.passwordDir(layout) + ":ops.password}");
        assertThat(String.join("\n", settings.values())).doesNotContain(secrets.kafkaPassword("ops"));
    }

    @Test
    void shouldGiveNoSecuritySettingsToAnInsecureStack() {
        assertThat(KafkaAccounts.clientSettings(context(true), "ops")).isEmpty();
    }

    private StackContext context(boolean insecure) {
        StackState state = new StackState();
        state.kafkaInsecure = insecure;
        return new StackContext(layout, state, secrets, StackOptions.everything(),
                Progress.console(new PrintStream(PrintStream.nullOutputStream())));
    }

    /** Whether an ALLOW binding for the job's user matches, as the broker matches literal, prefixed and wildcard names. */
    private boolean allowed(String job, ResourceType type, String name, AclOperation operation) {
        String principal = "User:" + secrets.kafkaUser(job);
        return acls.stream().anyMatch(acl -> acl.entry().principal().equals(principal)
                && acl.pattern().resourceType() == type
                && (acl.entry().operation() == operation || acl.entry().operation() == AclOperation.ALL)
                && (acl.pattern().name().equals("*")
                    || acl.pattern().patternType() == PatternType.LITERAL && acl.pattern().name().equals(name)
                    || acl.pattern().patternType() == PatternType.PREFIXED && name.startsWith(acl.pattern().name())));
    }
}
