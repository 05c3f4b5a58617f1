package dev.flightdeck.stack;

import dev.flightdeck.clients.ClusterProfile;
import dev.flightdeck.stack.service.KafkaAccounts;
import dev.flightdeck.stack.service.StackContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack's cluster profile ({@code DATA_DIR/flightdeck.properties}): its services'
 * addresses in the form every ops command takes with {@code --config}; the app user's, Redis's
 * and Connect's passwords in files of their own beside it. Written whenever a service starts, so it always names the current ports.
 */
final class StackProfile {

    static final String FILE = "flightdeck.properties";

    private StackProfile() {
    }

    static Path file(StackLayout layout) {
        return layout.profileFile();
    }

    static Path passwordFile(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("mysql-app.password");
    }

    static Path connectPasswordFile(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("connect.password");
    }

    static Path registryPasswordFile(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("registry.password");
    }

    static Path redisPasswordFile(StackLayout layout) {
        return layout.dataDir().resolve("secrets").resolve("redis.password");
    }

    /** The profile of what runs now: a service not started yet is left out. */
    static void write(StackContext ctx) {
        StackLayout layout = ctx.layout();
        StackEndpoints endpoints = ctx.endpoints();
        StackSecrets secrets = ctx.secrets();
        Map<String, String> values = new LinkedHashMap<>();
        put(values, ClusterProfile.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
        if (endpoints.kafkaBootstrap() != null) {
            KafkaAccounts.clientSettings(ctx, "ops").forEach((key, value) -> values.put(ClusterProfile.KAFKA_PREFIX + key, value));
        }
        put(values, ClusterProfile.SCHEMA_REGISTRY_URL_CONFIG, endpoints.schemaRegistryUrl());
        put(values, ClusterProfile.APICURIO_REGISTRY_URL_CONFIG, endpoints.apicurioRegistryUrl());
        if (endpoints.schemaRegistryUrl() != null) {
            values.put(ClusterProfile.SCHEMA_REGISTRY_USER_CONFIG, secrets.registryOpsUser());
            values.put(ClusterProfile.SCHEMA_REGISTRY_PASSWORD_FILE_CONFIG, registryPasswordFile(layout).toString());
            writePrivate(registryPasswordFile(layout), secrets.registryOpsPassword());
        }
        if (endpoints.connectUrl() != null) {
            values.put(ClusterProfile.CONNECT_URL_CONFIG, endpoints.connectUrl());
            values.put(ClusterProfile.CONNECT_USER_CONFIG, secrets.connectUser());
            values.put(ClusterProfile.CONNECT_PASSWORD_FILE_CONFIG, connectPasswordFile(layout).toString());
            values.put(ClusterProfile.CONNECT_CA_FILE_CONFIG, layout.tlsDir().resolve("ca.pem").toString());
            writePrivate(connectPasswordFile(layout), secrets.connectPassword());
        }
        if (endpoints.mysql() != null) {
            values.put(ClusterProfile.MYSQL_JDBC_URL_CONFIG, endpoints.mysql().jdbcUrl());
            values.put(ClusterProfile.MYSQL_USER_CONFIG, endpoints.mysql().user());
            values.put(ClusterProfile.MYSQL_PASSWORD_FILE_CONFIG, passwordFile(layout).toString());
            writePrivate(passwordFile(layout), endpoints.mysql().password());
        }
        put(values, ClusterProfile.ELASTICSEARCH_URL_CONFIG, endpoints.elasticsearchUrl());
        if (endpoints.redisUrl() != null) {
            values.put(ClusterProfile.REDIS_URL_CONFIG, endpoints.redisUrl());
            values.put(ClusterProfile.REDIS_USER_CONFIG, secrets.redisUser());
            values.put(ClusterProfile.REDIS_PASSWORD_FILE_CONFIG, redisPasswordFile(layout).toString());
            writePrivate(redisPasswordFile(layout), secrets.redisPassword());
        }
        put(values, ClusterProfile.SEAT_AVAILABILITY_URL_CONFIG, endpoints.seatAvailabilityUrl());
        if (endpoints.kafkaBootstrap() == null) {
            return; // not a profile yet: Kafka is the one address every operation needs
        }
        store(file(layout), values, "The local stack's cluster profile, written by flightdeck up; "
                + "any ops command takes a file like it with --config");
        if (endpoints.kafkaAdminBootstrap() != null) {
            // The same with Kafka as the stack's administrator: a super user, for tests and benchmarks that make their own topics.
            values.put(ClusterProfile.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaAdminBootstrap());
            values.keySet().removeIf(key -> key.startsWith(ClusterProfile.KAFKA_PREFIX));
            KafkaAccounts.adminSettings(layout).forEach((key, value) -> values.put(ClusterProfile.KAFKA_PREFIX + key, value));
            store(adminFile(layout), values, "The local stack's cluster profile as its Kafka administrator, written by flightdeck up");
        }
    }

    /** The profile with Kafka as the stack's administrator (TLS with its client certificate, a super user). */
    static Path adminFile(StackLayout layout) {
        return layout.dataDir().resolve(ADMIN_FILE);
    }

    static final String ADMIN_FILE = "flightdeck-admin.properties";

    private static void store(Path target, Map<String, String> values, String comment) {
        Properties properties = new Properties();
        properties.putAll(values);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                properties.store(w, comment);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private static void writePrivate(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
