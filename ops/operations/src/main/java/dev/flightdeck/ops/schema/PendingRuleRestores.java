package dev.flightdeck.ops.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.JsonHttp;
import dev.flightdeck.clients.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Rules {@code schema allow} relaxed and has yet to put back, one small file each, written before
 * the rule is relaxed and removed once it is restored. A process killed in between (SIGKILL, a
 * crash, a lost machine) leaves its file behind; the next {@code schema} command or {@code up}
 * restores the rule and says so, so that a subject never stays at NONE unnoticed.
 */
public final class PendingRuleRestores {

    private final Path dir;

    /** @param dir where the files live, e.g. ~/.flightdeck/pending-rule-restores */
    public PendingRuleRestores(Path dir) {
        this.dir = dir;
    }

    /** The folder the ops commands use: {@code FLIGHTDECK_STATE_DIR}, else {@code ~/.flightdeck}. */
    public static PendingRuleRestores forThisUser() {
        String state = System.getenv("FLIGHTDECK_STATE_DIR");
        Path base = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".flightdeck");
        return new PendingRuleRestores(base.resolve("pending-rule-restores"));
    }

    /** Notes that {@code subject} of the registry must get {@code rule} back (null: no rule of its own). */
    public void record(RegistryClient registry, String subject, String rule) {
        ObjectNode doc = JsonHttp.JSON.createObjectNode().put("registry", registry.url()).put("subject", subject)
                .put("rule", rule).put("since", Instant.now().toString());
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = file(registry.url(), subject);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, doc.toString());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note the rule of " + subject + " to restore in " + dir
                    + "; nothing was changed", e);
        }
    }

    public void done(RegistryClient registry, String subject) {
        try {
            Files.deleteIfExists(file(registry.url(), subject));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores every rule noted for this registry; one line per subject restored. */
    public List<String> restore(RegistryClient registry) {
        List<String> restored = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return restored;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                JsonNode doc = JsonHttp.JSON.readTree(file.toFile());
                if (!registry.url().equals(doc.path("registry").asText())) {
                    continue;
                }
                String subject = doc.path("subject").asText();
                String rule = doc.hasNonNull("rule") ? doc.get("rule").asText() : null;
                registry.setOwnRule(subject, rule);
                Files.deleteIfExists(file);
                restored.add("restored the rule of " + subject + " to " + (rule == null ? "the global rule" : rule)
                        + ": a schema allow begun at " + doc.path("since").asText() + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        } catch (EndpointException e) {
            throw new EndpointException("a rule left relaxed by an unfinished schema allow could not be restored: " + e.getMessage(), e);
        }
        return restored;
    }

    private Path file(String registryUrl, String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((registryUrl + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 12) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
