package dev.flightdeck.stack;

import dev.flightdeck.stack.process.StackState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach each service of a running stack. {@link #toDocument} is the machine-readable
 * form printed by {@code flightdeck status --json}; null entries are services not started.
 */
public record StackEndpoints(String kafkaBootstrap, String kafkaAdminBootstrap, String schemaRegistryUrl, String apicurioRegistryUrl,
                             String connectUrl, String connectUser, Mysql mysql, String elasticsearchUrl, String redisUrl,
                             String seatAvailabilityUrl, String searchServiceUrl, String prometheusUrl,
                             String alertmanagerUrl) {

    /** The application's database account; {@code admin*} is for migrations and DDL tests only. */
    public record Mysql(String jdbcUrl, String user, String password, String cdcUser,
                        String adminUser, String adminPassword) {
    }

    // TLS with the server's own certificate (MySQL generates it at initialisation); the app and CDC accounts require it.
    static final String JDBC_OPTIONS = "sslMode=REQUIRED"
            + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true";

    public static String jdbcUrl(int port, String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?" + JDBC_OPTIONS;
    }

    public static StackEndpoints of(StackState state, StackSecrets secrets) {
        Integer mysql = state.port(ServiceId.MYSQL, "mysql");
        Integer kafka = state.port(ServiceId.KAFKA, "broker");
        Integer kafkaInternal = state.port(ServiceId.KAFKA, "internal");
        Integer registry = state.port(ServiceId.SCHEMA_REGISTRY, "http");
        Integer connect = state.port(ServiceId.CONNECT, "rest");
        Integer elasticsearch = state.port(ServiceId.ELASTICSEARCH, "http");
        Integer redis = state.port(ServiceId.REDIS, "redis");
        Integer seatAvailability = state.port(ServiceId.SEAT_AVAILABILITY, "http");
        Integer search = state.port(ServiceId.SEARCH_SERVICE, "http");
        Integer prometheus = state.port(ServiceId.PROMETHEUS, "http");
        Integer alertmanager = state.port(ServiceId.ALERTMANAGER, "http");
        return new StackEndpoints(
                kafka == null ? null : "127.0.0.1:" + kafka,
                kafkaInternal == null ? null : "127.0.0.1:" + kafkaInternal,
                registry == null ? null : "http://127.0.0.1:" + registry + "/apis/ccompat/v7",
                registry == null ? null : "http://127.0.0.1:" + registry + "/apis/registry/v2",
                connect == null ? null : "https://127.0.0.1:" + connect,
                connect == null ? null : secrets.connectUser(),
                mysql == null ? null : new Mysql(jdbcUrl(mysql, "flights"), secrets.mysqlAppUser(),
                        secrets.mysqlAppPassword(), secrets.mysqlCdcUser(), "root", secrets.mysqlRootPassword()),
                elasticsearch == null ? null : "http://127.0.0.1:" + elasticsearch,
                redis == null ? null : "redis://127.0.0.1:" + redis,
                seatAvailability == null ? null : "http://127.0.0.1:" + seatAvailability,
                search == null ? null : "http://127.0.0.1:" + search,
                prometheus == null ? null : "http://127.0.0.1:" + prometheus,
                alertmanager == null ? null : "http://127.0.0.1:" + alertmanager);
    }

    /** The document of {@code status --json}: every endpoint; credentials as the files that hold them, never inline. */
    public Map<String, Object> toDocument(Path profile, Path mysqlPasswordFile, Path connectPasswordFile, Path searchApiKeyFile) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("profile", profile.toString());
        doc.put("kafkaBootstrapServers", kafkaBootstrap);
        doc.put("schemaRegistryUrl", schemaRegistryUrl);
        doc.put("apicurioRegistryUrl", apicurioRegistryUrl);
        doc.put("connectRestUrl", connectUrl);
        doc.put("connectUser", connectUser);
        doc.put("connectPasswordFile", connectUrl == null ? null : connectPasswordFile.toString());
        if (mysql != null) {
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("jdbcUrl", mysql.jdbcUrl());
            db.put("user", mysql.user());
            db.put("passwordFile", mysqlPasswordFile.toString());
            doc.put("mysql", db);
        } else {
            doc.put("mysql", null);
        }
        doc.put("elasticsearchUrl", elasticsearchUrl);
        doc.put("redisUrl", redisUrl);
        doc.put("seatAvailabilityUrl", seatAvailabilityUrl);
        doc.put("searchServiceUrl", searchServiceUrl);
        doc.put("searchApiKeyFile", searchServiceUrl == null ? null : searchApiKeyFile.toString());
        doc.put("prometheusUrl", prometheusUrl);
        doc.put("alertmanagerUrl", alertmanagerUrl);
        return doc;
    }
}
