package dev.flightdeck.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Reading a secret from a file of its own, as ssh reads a key: refused while others may read it. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The file's content without its trailing newline.
     *
     * @param what the setting that named the file, for the error ("mysql.password.file of prod.properties")
     */
    public static String readPrivateFile(Path file, String what) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.retainAll(ClusterProfile.NOT_PRIVATE);
            if (!permissions.isEmpty()) {
                throw new ProfileException(what + ": " + file + " may be read or written by others ("
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "); make it private: chmod 600 " + file);
            }
            return Files.readString(file).stripTrailing();
        } catch (UnsupportedOperationException e) {
            return readAnyway(file, what);
        } catch (IOException e) {
            throw new ProfileException(what + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String readAnyway(Path file, String what) {
        try {
            return Files.readString(file).stripTrailing();
        } catch (IOException e) {
            throw new ProfileException(what + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
