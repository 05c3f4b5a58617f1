package dev.flightdeck.streams.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** An app's options: {@code APP CONFIG_FILE [key=value ...]}, later arguments overriding the file. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    public static Properties load(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("no config file given");
        }
        Properties properties = new Properties();
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read config file " + file.toAbsolutePath());
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + args[i] + "' is not key=value");
            }
            properties.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return properties;
    }
}
