package dev.flightdeck.streams.runtime;

import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/** The {@code --help} text of an app: every option with its type, default and documentation. */
public final class ConfigHelp {

    private ConfigHelp() {
    }

    public static String describe(ConfigDef options) {
        return options.configKeys().values().stream()
                .map(key -> String.format("  %-28s %-7s default: %s%n      %s", key.name, key.type.name().toLowerCase(),
                        key.hasDefault() ? (key.defaultValue == null || "".equals(key.defaultValue) ? "(empty)" : key.defaultValue)
                                : "(required)", key.documentation))
                .collect(Collectors.joining("\n"))
                + "\n  streams.*                    Kafka Streams options, passed on without the prefix.";
    }
}
