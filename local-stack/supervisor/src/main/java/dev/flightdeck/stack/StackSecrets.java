package dev.flightdeck.stack;

import dev.flightdeck.clients.Secrets;
import dev.flightdeck.ops.kafka.KafkaAccessPolicy;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The stack's accounts and their passwords, one per job on every plane: MySQL (the application,
 * Debezium, the metrics exporter), Redis (ops, the sink, readers, the exporter), Connect's REST
 * API, and the registry (ops, capture, the Streams apps). Made at the first {@code up} and kept in
 * a file only its owner can read; an account added in a later version gets its password at the
 * next {@code up}. The services get them through mode-600 files or their environment, never argv.
 */
public final class StackSecrets {

    /** Kafka's SCRAM users, one per job: {@code kafka.JOB} in the secrets file, user {@code flightdeck-JOB}. */
    public static final List<String> KAFKA_JOBS = KafkaAccessPolicy.JOBS;

    /** Every account: its key in the secrets file and its user name (null: the password is all there is). */
    private static final Map<String, String> ACCOUNTS = accounts();

    private final Properties values;

    private StackSecrets(Properties values) {
        this.values = values;
    }

    private static Map<String, String> accounts() {
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put("mysql.root", null);
        accounts.put("mysql.app", "flightdeck_app");
        accounts.put("mysql.cdc", "flightdeck_cdc");
        accounts.put("mysql.monitor", "flightdeck_monitor");
        accounts.put("redis", "flightdeck-ops"); // the ops account; "redis.password" predates the others
        accounts.put("redis.sink", "flightdeck-sink");
        accounts.put("redis.reader", "flightdeck-reader");
        accounts.put("redis.monitor", "flightdeck-monitor");
        accounts.put("connect", "flightdeck-ops");
        accounts.put("registry.ops", "flightdeck-ops");
        accounts.put("registry.capture", "flightdeck-capture");
        accounts.put("registry.streams", "flightdeck-streams");
        for (String job : KAFKA_JOBS) {
            accounts.put("kafka." + job, KafkaAccessPolicy.user(job));
        }
        accounts.put("tls.keystore", null); // protects the CA's and the services' key files
        return accounts;
    }

    public static StackSecrets loadOrCreate(Path file) {
        try {
            Properties p = new Properties();
            if (Files.exists(file)) {
                // Refused, as ssh refuses a key, while anyone but its owner may read or change it.
                p.load(new StringReader(Secrets.readPrivateFile(file, "the local stack's secrets")));
            }
            if (fillIn(p)) {
                store(file, p);
            }
            return new StackSecrets(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** Secrets kept in memory only, every one generated except those given (key as in the file, e.g. {@code redis.password}). */
    public static StackSecrets generated(Map<String, String> given) {
        Properties p = new Properties();
        p.putAll(given);
        fillIn(p);
        return new StackSecrets(p);
    }

    /** The same secrets with a new password for {@code account} (its key in the file, e.g. {@code mysql.app}), stored first. */
    public StackSecrets withNewPassword(Path file, String account) {
        if (!ACCOUNTS.containsKey(account)) {
            throw new IllegalArgumentException("no account " + account + "; accounts: " + ACCOUNTS.keySet());
        }
        Properties next = new Properties();
        next.putAll(values);
        next.setProperty(account + ".password", randomPassword());
        try {
            store(file, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new StackSecrets(next);
    }

    private static boolean fillIn(Properties p) {
        boolean changed = false;
        for (Map.Entry<String, String> account : ACCOUNTS.entrySet()) {
            if (account.getValue() != null) {
                changed |= p.putIfAbsent(account.getKey() + ".user", account.getValue()) == null;
            }
            changed |= p.putIfAbsent(account.getKey() + ".password", randomPassword()) == null;
        }
        return changed;
    }

    private String user(String account) {
        return values.getProperty(account + ".user");
    }

    private String password(String account) {
        return values.getProperty(account + ".password");
    }

    public String mysqlRootPassword() {
        return password("mysql.root");
    }

    public String mysqlAppUser() {
        return user("mysql.app");
    }

    public String mysqlAppPassword() {
        return password("mysql.app");
    }

    public String mysqlCdcUser() {
        return user("mysql.cdc");
    }

    public String mysqlCdcPassword() {
        return password("mysql.cdc");
    }

    public String mysqlMonitorUser() {
        return user("mysql.monitor");
    }

    public String mysqlMonitorPassword() {
        return password("mysql.monitor");
    }

    /** Redis's ops account: every key and command, for the ops tools and the stack's own checks. */
    public String redisUser() {
        return user("redis");
    }

    public String redisPassword() {
        return password("redis");
    }

    /** The sink's Redis account: reads and writes keys under {@code flightdeck:} only. */
    public String redisSinkUser() {
        return user("redis.sink");
    }

    public String redisSinkPassword() {
        return password("redis.sink");
    }

    /** The readers' Redis account (the search service): reads keys under {@code flightdeck:} only. */
    public String redisReaderUser() {
        return user("redis.reader");
    }

    public String redisReaderPassword() {
        return password("redis.reader");
    }

    /** The metrics exporter's Redis account: server statistics, no keys. */
    public String redisMonitorUser() {
        return user("redis.monitor");
    }

    public String redisMonitorPassword() {
        return password("redis.monitor");
    }

    public String connectUser() {
        return user("connect");
    }

    public String connectPassword() {
        return password("connect");
    }

    public String registryOpsUser() {
        return user("registry.ops");
    }

    public String registryOpsPassword() {
        return password("registry.ops");
    }

    public String registryCaptureUser() {
        return user("registry.capture");
    }

    public String registryCapturePassword() {
        return password("registry.capture");
    }

    public String registryStreamsUser() {
        return user("registry.streams");
    }

    public String registryStreamsPassword() {
        return password("registry.streams");
    }

    /** The SCRAM user name of a Kafka job (one of {@link #KAFKA_JOBS}). */
    public String kafkaUser(String job) {
        return requireKafka(job, user("kafka." + job));
    }

    public String kafkaPassword(String job) {
        return requireKafka(job, password("kafka." + job));
    }

    private static String requireKafka(String job, String value) {
        if (!KAFKA_JOBS.contains(job)) {
            throw new IllegalArgumentException("no Kafka account " + job + "; accounts: " + KAFKA_JOBS);
        }
        return value;
    }

    /** The password of the stack's PKCS#12 key and trust stores. */
    public String tlsKeystorePassword() {
        return password("tls.keystore");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StackSecrets that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "StackSecrets[" + values.size() + " values]";
    }

    private static void store(Path file, Properties p) throws IOException {
        Files.createDirectories(file.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "Flightdeck local stack secrets (generated; keep private)");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "Fd-" + HexFormat.of().formatHex(bytes);
    }
}
