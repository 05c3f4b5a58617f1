package dev.flightdeck.stack.process;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stack remembers between commands ({@code .flightdeck/stack.json}): per service its pid
 * and ports, so that {@code status}, {@code down} and a second {@code up} find the same processes
 * and reuse the same ports (clients keep working across restarts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class StackState {

    /** One service's last known process and ports. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ServiceRecord {
        public Long pid;
        public Map<String, Integer> ports = new TreeMap<>();
        public String startedAt;
        /** Size of the service's log when this process started: health checks read only what follows. */
        public Long logStart;
    }

    public String kafkaClusterId;
    /** Set by {@code up --insecure}: Kafka's clients in PLAINTEXT, no SCRAM, no ACLs, until the next {@code up} without it. */
    public boolean kafkaInsecure;
    public Map<String, ServiceRecord> services = new LinkedHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static StackState load(Path file) {
        if (!Files.exists(file)) {
            return new StackState();
        }
        try {
            return JSON.readValue(file.toFile(), StackState.class);
        } catch (IOException e) {
            throw new StackException(file + " is not readable (" + e.getMessage()
                    + "); move it aside and run ./flightdeck up again (ports will be chosen anew)", e);
        }
    }

    /** Writes to a temporary file first so a crash never leaves half a state file. */
    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public ServiceRecord service(ServiceId id) {
        return services.computeIfAbsent(id.key(), k -> new ServiceRecord());
    }

    public Integer port(ServiceId id, String name) {
        ServiceRecord record = services.get(id.key());
        return record == null ? null : record.ports.get(name);
    }
}
