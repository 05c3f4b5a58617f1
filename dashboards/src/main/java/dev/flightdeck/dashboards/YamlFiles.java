package dev.flightdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads the YAML files of the monitoring folder (rules, their tests, Grafana provisioning) as trees. */
final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlFiles() {
    }

    /** The file as a tree; a file that is empty or not YAML is an error naming it. */
    static JsonNode read(Path file) {
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }
}
