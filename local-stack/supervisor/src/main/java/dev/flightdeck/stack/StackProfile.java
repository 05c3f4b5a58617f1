package dev.flightdeck.stack;

import dev.flightdeck.clients.ClusterProfile;
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
    static void write(StackLayout layout, StackEndpoints endpoints, StackSecrets secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, ClusterProfile.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
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
        Properties properties = new Properties();
        properties.putAll(values);
        try {
            Path target = file(layout);
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                properties.store(w, "The local stack's cluster profile, written by flightdeck up; "
                        + "any ops command takes a file like it with --config");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(layout), e);
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
