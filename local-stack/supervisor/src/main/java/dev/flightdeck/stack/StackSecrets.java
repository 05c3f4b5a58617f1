package dev.flightdeck.stack;

import java.io.IOException;
import dev.flightdeck.clients.Secrets;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Passwords of this stack's database users, made at the first {@code up} and kept in a file only
 * its owner can read. They reach the Connect worker as environment variables, and connector
 * configs refer to them through Kafka's {@code env} config provider, never inline.
 */
public record StackSecrets(String mysqlRootPassword, String mysqlAppUser, String mysqlAppPassword,
                           String mysqlCdcUser, String mysqlCdcPassword) {

    public static StackSecrets loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Properties p = new Properties();
                p.setProperty("mysql.root.password", randomPassword());
                p.setProperty("mysql.app.user", "flightdeck_app");
                p.setProperty("mysql.app.password", randomPassword());
                p.setProperty("mysql.cdc.user", "flightdeck_cdc");
                p.setProperty("mysql.cdc.password", randomPassword());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer w = Files.newBufferedWriter(file)) {
                    p.store(w, "Flightdeck local stack secrets (generated; keep private)");
                }
            }
            Properties p = new Properties();
            // Refused, as ssh refuses a key, while anyone but its owner may read or change it.
            p.load(new StringReader(Secrets.readPrivateFile(file, "the local stack's secrets")));
            return new StackSecrets(p.getProperty("mysql.root.password"), p.getProperty("mysql.app.user"),
                    p.getProperty("mysql.app.password"), p.getProperty("mysql.cdc.user"),
                    p.getProperty("mysql.cdc.password"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "Fd-" + HexFormat.of().formatHex(bytes);
    }
}
