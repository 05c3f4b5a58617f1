package dev.flightdeck.stack.elasticsearch;

import java.nio.file.Path;

/**
 * The command line of {@link ElasticsearchNodeMain}.
 *
 * @param home        the node's home; data goes to {@code home/data}, logs to {@code home/logs}
 * @param httpPort    the HTTP port; 0 lets the OS choose (then read it from the ready line)
 * @param clusterName the cluster's name
 * @param nodeName    the node's name
 * @param networkHost the address it listens on: 127.0.0.1 on a machine, 0.0.0.0 in a container
 */
record NodeOptions(Path home, int httpPort, String clusterName, String nodeName, String networkHost) {

    static final String USAGE = "usage: ElasticsearchNodeMain --home DIR --http-port N [--cluster-name NAME] [--node-name NAME] "
            + "[--network-host ADDRESS]";

    static NodeOptions parse(String... args) {
        Path home = null;
        Integer httpPort = null;
        String clusterName = "flightdeck";
        String nodeName = "flightdeck-es";
        String networkHost = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String inlineValue = null;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                inlineValue = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.length && args[i + 1].startsWith("--") == false) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (flag) {
                case "--home" -> home = Path.of(required(flag, value, "a directory")).toAbsolutePath().normalize();
                case "--http-port" -> httpPort = port(flag, required(flag, value, "a TCP port 0-65535"));
                case "--cluster-name" -> clusterName = required(flag, value, "a name");
                case "--node-name" -> nodeName = required(flag, value, "a name");
                case "--network-host" -> networkHost = required(flag, value, "an address, e.g. 127.0.0.1 or 0.0.0.0");
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; " + USAGE);
            }
        }
        if (home == null) {
            throw new IllegalArgumentException("--home is required (the node's directory; data and logs go inside it)");
        }
        if (httpPort == null) {
            throw new IllegalArgumentException("--http-port is required (a TCP port 0-65535; 0 lets the OS choose)");
        }
        return new NodeOptions(home, httpPort, clusterName, nodeName, networkHost);
    }

    Path dataDir() {
        return home.resolve("data");
    }

    Path logsDir() {
        return home.resolve("logs");
    }

    private static String required(String flag, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value: " + what);
        }
        return value;
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the flag's name
        }
        throw new IllegalArgumentException(flag + " must be a TCP port 0-65535, got '" + value + "'");
    }
}
