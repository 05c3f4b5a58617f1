package dev.flightdeck.stack.process;

import dev.flightdeck.stack.StackException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Port choice for loopback services. Never assumes a well-known port is free: an explicitly
 * requested port must be free, a remembered one is reused when free, otherwise the OS picks one.
 */
public final class Ports {

    private Ports() {
    }

    /** Where a port came from, so that an error can name the flag that changes it. */
    public record Request(String service, String name, String flag, Integer explicit, Integer previous) {
    }

    public static int choose(Request request, Set<Integer> alreadyTaken) {
        if (request.explicit() != null) {
            int port = request.explicit();
            if (port < 1 || port > 65535) {
                throw new StackException(request.flag() + " " + port + " is not a port number (1-65535)");
            }
            if (!isFree(port) || alreadyTaken.contains(port)) {
                throw new StackException(inUseMessage(port, request.flag()));
            }
            return port;
        }
        if (request.previous() != null && !alreadyTaken.contains(request.previous()) && isFree(request.previous())) {
            return request.previous();
        }
        int port;
        do {
            port = freePort();
        } while (alreadyTaken.contains(port));
        return port;
    }

    /** "port 3306 is in use by pid 123 (mysqld); pass --mysql-port to choose another". */
    public static String inUseMessage(int port, String flag) {
        String owner = owner(port).map(o -> " by pid " + o.pid() + " (" + o.command() + ")").orElse("");
        return "port " + port + " is in use" + owner + "; pass " + flag + " to choose another";
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same option the services use, so a port lingering in TIME_WAIT still counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free port below the kernel's ephemeral range. Ports inside that range are handed to
     * outgoing connections too: a service restarted after a crash could find its old port taken
     * by some client's socket (seen with Connect after kill -9), and would then move.
     */
    public static int freePort() {
        int[] ephemeral = ephemeralRange();
        int low = 10000;
        int high = Math.min(ephemeral[0], 65536) - 1;
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; high - low > 1000 && attempt < 200; attempt++) {
            int port = random.nextInt(low, high);
            if (isFree(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("the OS gave no free loopback port: " + e.getMessage(), e);
        }
    }

    /** Linux's ip_local_port_range, or its usual default when unreadable. */
    static int[] ephemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    /** The process listening on a TCP port, from /proc (Linux); empty when unknown or not ours to see. */
    public record Owner(long pid, String command) {
    }

    public static Optional<Owner> owner(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                            String comm = Files.readString(proc.resolve("comm")).trim();
                            return Optional.of(new Owner(Long.parseLong(proc.getFileName().toString()), comm));
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process, or it exited while we looked: skip it
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is "ADDR:PORT"; state 0A is LISTEN; field 9 is the socket inode
                    if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6, or not Linux)
            }
        }
        return inodes;
    }
}
