package dev.mephisto.internal.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A port this process means to give an embedded broker, claimed with a lock file in the temp dir until the broker
 * has bound it, so that two brokers starting on one machine at the same moment (two workers, each preferring 9092)
 * do not both pick it: the second sees the claim and takes the next port, and Kafka never fails to bind. Processes
 * that are not Mephisto brokers ignore the claim; losing a port to them is handled by retrying the start.
 */
public final class PortClaim implements AutoCloseable {

    private final int port;
    private final FileChannel channel;
    private final FileLock lock;

    private PortClaim(int port, FileChannel channel, FileLock lock) {
        this.port = port;
        this.channel = channel;
        this.lock = lock;
    }

    /** A port used without a claim: one the OS picked at random, or where no lock file can be written. */
    public static PortClaim unclaimed(int port) {
        return new PortClaim(port, null, null);
    }

    /** The claim on {@code port}, or empty when another embedded broker, in this or another process, holds it. */
    static Optional<PortClaim> tryClaim(int port) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "mephisto-broker-port-" + port + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            return Optional.of(unclaimed(port)); // e.g. another user's file: fall back to the bind check alone
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new PortClaim(port, channel, lock));
            }
        } catch (IOException | OverlappingFileLockException e) {
            // held in this JVM, or not lockable: treat as claimed
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    public int port() {
        return port;
    }

    /** Releases the claim: once the broker listens, its bound socket keeps the port. */
    @Override
    public void close() {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel releases it anyway.
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
