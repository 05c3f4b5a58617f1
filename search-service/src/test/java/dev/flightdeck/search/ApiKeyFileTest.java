package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyFileTest {

    private static final String ALICE = "fdk_alice-key";
    private static final String BOB = "fdk_bob-key";

    @Test
    void shouldPickUpAKeyAddedToTheFileAfterTheNextCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-keys");
        Files.writeString(file, ApiKeys.line("alice", ALICE) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T00:00:00Z")));
        AtomicLong now = new AtomicLong(1_000_000);
        ApiKeyFile keys = new ApiKeyFile(file, ApiKeys.load(file, null), now::get);

        Files.writeString(file, ApiKeys.line("alice", ALICE) + "\n" + ApiKeys.line("bob", BOB) + " rate=5 burst=10\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T00:01:00Z")));
        boolean bobBeforeCheck = keys.get().authenticate(BOB).isPresent();
        now.addAndGet(ApiKeyFile.CHECK_EVERY_MILLIS);

        assertThat(bobBeforeCheck).isFalse();
        assertThat(keys.get().authenticate(BOB)).hasValue("bob");
        assertThat(keys.get().entry(BOB).orElseThrow().burst()).isEqualTo(10);
    }

    @Test
    void shouldKeepTheKeysItHadWhenTheFileNoLongerParses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-keys");
        Files.writeString(file, ApiKeys.line("alice", ALICE) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T00:00:00Z")));
        AtomicLong now = new AtomicLong(1_000_000);
        ApiKeyFile keys = new ApiKeyFile(file, ApiKeys.load(file, null), now::get);

        Files.writeString(file, "alice sha256:not-hex\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T00:01:00Z")));
        now.addAndGet(ApiKeyFile.CHECK_EVERY_MILLIS);

        assertThat(keys.get().authenticate(ALICE)).hasValue("alice");
    }
}
