package dev.flightdeck.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys file, re-read when it changes (checked at most every {@value #CHECK_EVERY_MILLIS}
 * ms), so that keys are added, revoked or given their own limits without a restart. A file that
 * no longer parses is reported and the keys read before stay in force.
 */
final class ApiKeyFile implements Supplier<ApiKeys> {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFile.class);
    static final long CHECK_EVERY_MILLIS = 2_000;

    private final Path file;
    private volatile ApiKeys keys;
    private volatile FileTime modified;
    private volatile long checkedAtMillis;

    private final LongSupplier clockMillis;

    ApiKeyFile(Path file, ApiKeys keys) throws IOException {
        this(file, keys, System::currentTimeMillis);
    }

    ApiKeyFile(Path file, ApiKeys keys, LongSupplier clockMillis) throws IOException {
        this.file = file;
        this.keys = keys;
        this.clockMillis = clockMillis;
        this.modified = Files.getLastModifiedTime(file);
        this.checkedAtMillis = clockMillis.getAsLong();
    }

    @Override
    public ApiKeys get() {
        long now = clockMillis.getAsLong();
        if (now - checkedAtMillis >= CHECK_EVERY_MILLIS) {
            reloadIfChanged(now);
        }
        return keys;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - checkedAtMillis < CHECK_EVERY_MILLIS) {
            return;
        }
        checkedAtMillis = now;
        try {
            FileTime current = Files.getLastModifiedTime(file);
            if (current.equals(modified)) {
                return;
            }
            modified = current;
            keys = ApiKeys.load(file, null);
            log.info("Re-read {}: {} API key(s)", file, keys.size());
        } catch (IOException | IllegalArgumentException e) {
            log.error("Cannot re-read {} ({}); the keys read before stay in force", file, e.getMessage());
        }
    }
}
