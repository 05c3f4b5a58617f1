package dev.flightdeck.stack.service;

import dev.flightdeck.clients.ScramLogin;
import dev.flightdeck.ops.kafka.KafkaAccessPolicy;
import dev.flightdeck.stack.StackLayout;
import dev.flightdeck.stack.StackSecrets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The local stack's Kafka accounts: a SCRAM user per job with the ACLs of {@link KafkaAccessPolicy},
 * and the client settings each job uses. {@code up} makes the users and ACLs through the Admin API
 * as the stack's administrator (a client certificate on the internal listener), so no password is
 * ever on a command line; the clients read their password from a mode-600 file through Kafka's
 * directory config provider, so no config file of theirs holds it.
 */
public final class KafkaAccounts {

    private static final String ADMIN_KEYSTORE_PASSWORD = KafkaAccessPolicy.ADMIN_PRINCIPAL + ".keystore.password";

    private KafkaAccounts() {
    }

    /** The folder of the Kafka users' password files, one per job ({@code JOB.password}). */
    public static Path passwordDir(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("kafka");
    }

    /** Writes every job's password file and the administrator's key store password (mode 600), for their clients to read. */
    static void writePasswordFiles(StackLayout layout, StackSecrets secrets) {
        for (String job : StackSecrets.KAFKA_JOBS) {
            LocalService.privateFile(passwordDir(layout).resolve(job + ".password"), secrets.kafkaPassword(job));
        }
        LocalService.privateFile(passwordDir(layout).resolve(ADMIN_KEYSTORE_PASSWORD), secrets.tlsKeystorePassword());
    }

    /**
     * Client settings for the stack's administrator, on the internal listener: TLS with the
     * administrator's client certificate (made by {@code StackCertificates#clientKeystore}).
     */
    public static Map<String, String> adminSettings(StackLayout layout) {
        String password = "${dir:" + passwordDir(layout) + ":" + ADMIN_KEYSTORE_PASSWORD + "}";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SSL");
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", layout.tlsDir().resolve(KafkaAccessPolicy.ADMIN_PRINCIPAL + ".p12").toString());
        settings.put("ssl.keystore.password", password);
        settings.put("ssl.key.password", password);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", layout.tlsDir().resolve("ca.pem").toString());
        directoryProvider(layout, settings);
        return settings;
    }

    private static void directoryProvider(StackLayout layout, Map<String, String> settings) {
        settings.put("config.providers", "dir");
        settings.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        settings.put("config.providers.dir.param.allowed.paths", passwordDir(layout).toString());
    }

    /**
     * Client settings for {@code job} on the client listener: TLS verifying the stack's CA and the
     * broker's host name, SCRAM-SHA-512 with the job's user, its password read from its file.
     */
    public static Map<String, String> clientSettings(StackContext ctx, String job) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (ctx.state().kafkaInsecure) {
            return settings; // up --insecure: PLAINTEXT, nobody named
        }
        StackLayout layout = ctx.layout();
        StackSecrets secrets = ctx.secrets();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", layout.tlsDir().resolve("ca.pem").toString());
        settings.put("sasl.jaas.config", jaasConfig(layout, secrets, job));
        directoryProvider(layout, settings);
        return settings;
    }

    /** The JAAS line of {@code job}: its password is a reference to its file, resolved by the client's {@code dir} provider. */
    static String jaasConfig(StackLayout layout, StackSecrets secrets, String job) {
        return ScramLogin.jaasConfig(secrets.kafkaUser(job), "${dir:" + passwordDir(layout) + ":" + job + ".password}");
    }

    /** Makes (or updates) every job's SCRAM credential and adds the ACLs of {@link #acls}; both are idempotent. */
    static String apply(Admin admin, StackLayout layout, StackSecrets secrets, boolean insecure) throws Exception {
        if (insecure) {
            return "INSECURE: no TLS, authentication or ACLs on the client listener (up --insecure)";
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String job : StackSecrets.KAFKA_JOBS) {
            passwords.put(job, secrets.kafkaPassword(job));
        }
        return KafkaAccessPolicy.apply(admin, passwords, acls(layout));
    }

    /** Every job's ACLs ({@link KafkaAccessPolicy}), the sinks' topics read from the stack's connector files. */
    static List<AclBinding> acls(StackLayout layout) {
        Map<String, Path> sinks = new LinkedHashMap<>();
        for (StackConnectors.Spec spec : StackConnectors.ALL) {
            if (spec.sink()) {
                sinks.put(spec.kafkaJob(), layout.connectConfigs().resolve(spec.file()));
            }
        }
        return KafkaAccessPolicy.acls(sinks);
    }
}
