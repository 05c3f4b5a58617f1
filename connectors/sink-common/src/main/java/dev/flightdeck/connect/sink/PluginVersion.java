package dev.flightdeck.connect.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The sinks' version as the build wrote it: Maven fills {@code ${project.version}} into plugin-version.properties. */
final class PluginVersion {

    static final String RESOURCE = "plugin-version.properties";
    static final String VERSION = load();

    private PluginVersion() {
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from flightdeck-sink-common: build the plugin with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException(RESOURCE + " holds version '" + version
                        + "', not the build's: resource filtering is off for flightdeck-sink-common");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }
}
