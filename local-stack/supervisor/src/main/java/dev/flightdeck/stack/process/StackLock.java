package dev.flightdeck.stack.process;

import dev.flightdeck.stack.StackException;
import dev.flightdeck.stack.StackLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardOpenOption;

/** One command at a time per data folder: two concurrent {@code up}s would start everything twice. */
public final class StackLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StackLock acquire(StackLayout layout) {
        try {
            Files.createDirectories(layout.dataDir());
            // Data, logs and secrets of the stack's services: its owner's alone.
            Files.setPosixFilePermissions(layout.dataDir(), PosixFilePermissions.fromString("rwx------"));
            FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StackException("another flightdeck command is working on " + layout.dataDir()
                        + " right now; wait for it to finish, or pass --data-dir to use another folder");
            }
            return new StackLock(channel, lock);
        } catch (IOException e) {
            throw new StackException("cannot lock " + layout.lockFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, and the channel with the process
        }
    }
}
