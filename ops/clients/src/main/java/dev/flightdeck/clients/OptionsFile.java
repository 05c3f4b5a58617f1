package dev.flightdeck.clients;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * How every Flightdeck deployable takes its options: {@code CONFIG_FILE [key=value ...]}, later
 * arguments overriding the file, and keys its {@link ConfigDef} does not define refused by name
 * (a misspelt option must not fall back silently to its default).
 */
public final class OptionsFile {

    private OptionsFile() {
    }

    public static Properties load(List<String> args) throws IOException {
        if (args.isEmpty()) {
            throw new ConfigException("no config file given");
        }
        Path file = Path.of(args.getFirst()).toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException("cannot read config file " + file + " (missing, or not a readable file)");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        for (String override : args.subList(1, args.size())) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("'" + override + "' after the config file is not key=value");
            }
            properties.setProperty(override.substring(0, eq), override.substring(eq + 1));
        }
        return properties;
    }

    /** The properties themselves, once every key is known to {@code definition}. */
    public static <M extends Map<?, ?>> M refuseUnknown(ConfigDef definition, M properties) {
        Set<String> unknown = new TreeSet<>();
        for (Object key : properties.keySet()) {
            if (!definition.names().contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; the options are: " + String.join(", ", new TreeSet<>(definition.names())));
        }
        return properties;
    }
}
