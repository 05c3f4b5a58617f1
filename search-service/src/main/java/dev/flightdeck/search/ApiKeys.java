package dev.flightdeck.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys the gateway accepts, stored as SHA-256 digests only: the file can be read without
 * revealing a key. Keys are 32 random bytes, so an unsalted fast hash is enough (nothing to
 * brute-force); digests are compared in constant time.
 */
public final class ApiKeys {

    /** The name of the key generated for the local user. */
    public static final String LOCAL_USER = "local";

    private static final Pattern LINE = Pattern.compile(
            "([A-Za-z0-9._-]{1,64})\\s+sha256:([0-9a-f]{64})(?:\\s+rate=([0-9]+(?:\\.[0-9]+)?))?(?:\\s+burst=([0-9]+))?");
    private static final String PREFIX = "fdk_";

    /**
     * One accepted key: its name (the principal in logs and metrics), its digest, and its own rate
     * limit where it has one (null: the service's default).
     */
    record Entry(String name, byte[] digest, Double ratePerSecond, Integer burst) {
    }

    private final List<Entry> entries;

    ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The keys in {@code keysFile}. When it is missing and {@code newKeyFile} is given, a key for
     * the local user is generated: its digest goes to {@code keysFile}, the key itself to
     * {@code newKeyFile}, both readable by their owner only.
     */
    public static ApiKeys load(Path keysFile, Path newKeyFile) throws IOException {
        if (!Files.exists(keysFile)) {
            if (newKeyFile == null) {
                throw new IllegalArgumentException(SearchServiceConfig.API_KEYS_FILE_CONFIG + ": " + keysFile
                        + " does not exist; create it (lines 'NAME sha256:HEX') or set " + SearchServiceConfig.API_KEY_FILE_CONFIG
                        + " to have a key generated");
            }
            String key = generate();
            writeOwnerOnly(newKeyFile, key + "\n");
            writeOwnerOnly(keysFile, "# API keys of the search service: NAME sha256:HEX (SHA-256 of the key)\n"
                    + LOCAL_USER + " sha256:" + HexFormat.of().formatHex(digest(key)) + "\n");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(keysFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException(keysFile + " line " + (i + 1)
                        + " is not 'NAME sha256:HEX [rate=N] [burst=N]' (64 lower-case hex digits)");
            }
            Double rate = match.group(3) == null ? null : Double.valueOf(match.group(3));
            Integer burst = match.group(4) == null ? null : Integer.valueOf(match.group(4));
            if (rate != null && rate <= 0) {
                throw new IllegalArgumentException(keysFile + " line " + (i + 1) + ": rate must be more than 0 (requests per second)");
            }
            if (burst != null && burst < 1) {
                throw new IllegalArgumentException(keysFile + " line " + (i + 1) + ": burst must be at least 1");
            }
            entries.add(new Entry(match.group(1), HexFormat.of().parseHex(match.group(2)), rate, burst));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(keysFile + " holds no key: nobody could use the API");
        }
        return new ApiKeys(entries);
    }

    /** The name of the presented key, or empty when it is not one of ours. */
    public Optional<String> authenticate(String presented) {
        return entry(presented).map(Entry::name);
    }

    /** The presented key's entry, or empty when it is not one of ours. */
    Optional<Entry> entry(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 200) {
            return Optional.empty();
        }
        byte[] digest = digest(presented.strip());
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    /** A new key: a recognisable prefix and 32 random bytes, hex. */
    public static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + HexFormat.of().formatHex(random);
    }

    /** The line that makes {@code key} valid under {@code name}, for operators adding keys. */
    public static String line(String name, String key) {
        return name + " sha256:" + HexFormat.of().formatHex(digest(key));
    }

    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
