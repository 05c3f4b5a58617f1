package dev.flightdeck.clients;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One service address of a cluster profile, with where it came from, so that every error about it
 * can say which key of which file to fix.
 *
 * @param service what it is, for people: "Kafka", "Kafka Connect", "MySQL"
 * @param key     the profile key that holds it, e.g. {@code connect.url}
 * @param value   the value as written (a URL, a JDBC URL, a host:port list)
 * @param hosts   the host:port pairs it names; reaching any one of them counts as reachable
 */
public record Endpoint(String service, String key, String value, List<HostPort> hosts) {

    /** A host and a TCP port. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A comma-separated host:port list, as {@code bootstrap.servers} takes it. */
    public static Endpoint ofHostPorts(String service, String key, String value) {
        List<HostPort> hosts = new ArrayList<>();
        for (String part : value.split(",")) {
            String hostPort = part.trim();
            if (hostPort.isEmpty()) {
                continue;
            }
            hosts.add(hostPort(key, hostPort));
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty: expected host:port[,host:port...]");
        }
        return new Endpoint(service, key, value, List.copyOf(hosts));
    }

    /**
     * An http(s), redis(s) or jdbc:mysql URL; the port defaults to the scheme's (80, 443, 6379,
     * 3306) when the URL has none.
     */
    public static Endpoint ofUrl(String service, String key, String value) {
        String text = value.trim();
        String uriText = text.startsWith("jdbc:") ? text.substring("jdbc:".length()) : text;
        URI uri;
        try {
            uri = URI.create(uriText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            case "redis", "rediss" -> 6379;
            case "mysql" -> 3306;
            default -> throw new IllegalArgumentException(key + "=" + value
                    + " is not an http(s), redis(s) or jdbc:mysql URL");
        };
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(key + "=" + value + " names no host");
        }
        return new Endpoint(service, key, value,
                List.of(new HostPort(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort())));
    }

    private static HostPort hostPort(String key, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no valid port");
        }
    }

    /** "Kafka Connect at http://10.0.0.5:8083 (connect.url of /etc/flightdeck/prod.properties)". */
    public String describe(String source) {
        return service + " at " + value + " (" + key + " of " + source + ")";
    }
}
