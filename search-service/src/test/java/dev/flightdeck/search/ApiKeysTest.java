package dev.flightdeck.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys files on disk, in a temporary directory per test. */
class ApiKeysTest {

    private static final String OPS_KEY = "fdk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String PARTNER_KEY = "fdk_fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private static final String UNKNOWN_KEY = "fdk_1111111111111111111111111111111111111111111111111111111111111111";

    @TempDir
    Path dir;

    private Path keysFile() {
        return dir.resolve("config/api-keys");
    }

    private Path newKeyFile() {
        return dir.resolve("secrets/api-key");
    }

    private ApiKeys keysOf(String... lines) throws IOException {
        Files.createDirectories(keysFile().getParent());
        Files.write(keysFile(), List.of(lines), StandardCharsets.UTF_8);
        return ApiKeys.load(keysFile(), null);
    }

    @Test
    void shouldCreateBothFilesOwnerOnlyWhenTheKeysFileIsMissing() throws IOException {
        ApiKeys.load(keysFile(), newKeyFile());

        assertThat(Files.getPosixFilePermissions(keysFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(newKeyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void shouldStoreOnlyTheGeneratedKeysDigest() throws Exception {
        ApiKeys.load(keysFile(), newKeyFile());
        String key = Files.readString(newKeyFile()).strip();

        String keys = Files.readString(keysFile());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(key).matches("fdk_[0-9a-f]{64}");
        assertThat(keys).doesNotContain(key).doesNotContain(key.substring(4));
        assertThat(keys.lines().filter(l -> !l.startsWith("#"))).containsExactly("local sha256:" + digest);
    }

    @Test
    void shouldAuthenticateTheGeneratedKeyAsTheLocalUser() throws IOException {
        ApiKeys keys = ApiKeys.load(keysFile(), newKeyFile());

        String key = Files.readString(newKeyFile()).strip();
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.authenticate(key)).contains(ApiKeys.LOCAL_USER);
    }

    @Test
    void shouldAuthenticateAKeyReadWithItsNewline() throws IOException {
        ApiKeys keys = ApiKeys.load(keysFile(), newKeyFile());

        assertThat(keys.authenticate(Files.readString(newKeyFile()))).contains(ApiKeys.LOCAL_USER);
    }

    @Test
    void shouldKeepAnExistingKeysFileAndGenerateNoKey() throws IOException {
        Files.createDirectories(keysFile().getParent());
        Files.writeString(keysFile(), ApiKeys.line("ops", OPS_KEY) + "\n");

        ApiKeys keys = ApiKeys.load(keysFile(), newKeyFile());

        assertThat(newKeyFile()).doesNotExist();
        assertThat(keys.authenticate(OPS_KEY)).contains("ops");
    }

    @Test
    void shouldNameWhichKeyWasPresented() throws IOException {
        ApiKeys keys = keysOf("# operators", ApiKeys.line("ops", OPS_KEY), "", ApiKeys.line("partner-1", PARTNER_KEY));

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.authenticate(OPS_KEY)).contains("ops");
        assertThat(keys.authenticate(PARTNER_KEY)).contains("partner-1");
    }

    @Test
    void shouldReadAKeysOwnRateAndBurst() throws IOException {
        ApiKeys keys = keysOf(ApiKeys.line("ops", OPS_KEY), ApiKeys.line("partner-1", PARTNER_KEY) + " rate=0.5 burst=10",
                ApiKeys.line("partner-2", UNKNOWN_KEY) + " burst=3");

        assertThat(keys.entry(OPS_KEY)).get().extracting(ApiKeys.Entry::ratePerSecond, ApiKeys.Entry::burst).containsExactly(null, null);
        assertThat(keys.entry(PARTNER_KEY)).get().extracting(ApiKeys.Entry::ratePerSecond, ApiKeys.Entry::burst).containsExactly(0.5, 10);
        assertThat(keys.entry(UNKNOWN_KEY)).get().extracting(ApiKeys.Entry::ratePerSecond, ApiKeys.Entry::burst).containsExactly(null, 3);
    }

    @Test
    void shouldRefuseALimitThatIsNotANumber() throws IOException {
        Files.createDirectories(keysFile().getParent());
        Files.write(keysFile(), List.of(ApiKeys.line("ops", OPS_KEY) + " rate=fast"));

        assertThatThrownBy(() -> ApiKeys.load(keysFile(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keysFile() + " line 1");
    }

    @Test
    void shouldRefuseAKeyThatIsNotListed() throws IOException {
        ApiKeys keys = keysOf(ApiKeys.line("ops", OPS_KEY));

        assertThat(keys.authenticate(UNKNOWN_KEY)).isEmpty();
        assertThat(keys.authenticate(OPS_KEY.toUpperCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void shouldRefuseAMissingOrEmptyKey() throws IOException {
        ApiKeys keys = keysOf(ApiKeys.line("ops", OPS_KEY));

        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate("   ")).isEmpty();
    }

    @Test
    void shouldRefuseAnOverlongKeyUnhashed() throws IOException {
        ApiKeys keys = keysOf(ApiKeys.line("huge", "k".repeat(201)));

        assertThat(keys.authenticate("k".repeat(201))).isEmpty();
    }

    @Test
    void shouldNameTheFileAndLineOfAMalformedLine() throws IOException {
        Files.createDirectories(keysFile().getParent());
        Files.write(keysFile(), List.of("# keys", ApiKeys.line("ops", OPS_KEY), "partner sha256:not-hex"));

        assertThatThrownBy(() -> ApiKeys.load(keysFile(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keysFile().toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void shouldRefuseAKeysFileWithoutKeys() throws IOException {
        Files.createDirectories(keysFile().getParent());
        Files.write(keysFile(), List.of("# nobody yet", ""));

        assertThatThrownBy(() -> ApiKeys.load(keysFile(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keysFile().toString())
                .hasMessageContaining("no key");
    }

    @Test
    void shouldNameTheSettingWhenTheKeysFileIsMissingAndNoKeyMayBeGenerated() {
        assertThatThrownBy(() -> ApiKeys.load(keysFile(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SearchServiceConfig.API_KEYS_FILE_CONFIG + ": " + keysFile())
                .hasMessageContaining(SearchServiceConfig.API_KEY_FILE_CONFIG);
        assertThat(keysFile()).doesNotExist();
    }

    @Test
    void shouldMakeAKeyValidThroughItsLine() throws IOException {
        String key = ApiKeys.generate();

        ApiKeys keys = keysOf(ApiKeys.line("partner-2", key));

        assertThat(ApiKeys.line("partner-2", key)).doesNotContain(key);
        assertThat(keys.authenticate(key)).contains("partner-2");
    }

    @Test
    void shouldGenerateADifferentKeyEachTime() {
        assertThat(ApiKeys.generate()).isNotEqualTo(ApiKeys.generate());
    }
}
