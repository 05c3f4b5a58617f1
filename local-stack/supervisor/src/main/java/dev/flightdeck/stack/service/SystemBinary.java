package dev.flightdeck.stack.service;

import dev.flightdeck.stack.StackException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A program from a Debian package, found on the PATH; the launcher installs the packages when it runs as root. */
final class SystemBinary {

    private SystemBinary() {
    }

    static Path find(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new StackException("no " + name + " on the PATH; install it: apt-get install " + debianPackage);
    }
}
