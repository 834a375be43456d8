package dev.mephisto.internal.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A port this process means to give an embedded broker, claimed with a lock file in the temp dir until the broker
 * has bound it, so that two brokers starting on one machine at the same moment (two workers, each preferring 9092)
 * do not both pick it: the second sees the claim and takes the next port, and Kafka never fails to bind. Processes
 * that are not Mephisto brokers ignore the claim; losing a port to them is handled by retrying the start.
 */
public final class PortClaim implements AutoCloseable {

    private final int port;
    private final LockFile lock;

    private PortClaim(int port, LockFile lock) {
        this.port = port;
        this.lock = lock;
    }

    /** A port used without a claim: one the OS picked at random, or where no lock file can be written. */
    public static PortClaim unclaimed(int port) {
        return new PortClaim(port, null);
    }

    /** The claim on {@code port}, or empty when another embedded broker, in this or another process, holds it. */
    static Optional<PortClaim> tryClaim(int port) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "mephisto-broker-port-" + port + ".lock");
        try {
            return LockFile.tryLock(file).map(lock -> new PortClaim(port, lock));
        } catch (IOException | RuntimeException e) {
            return Optional.of(unclaimed(port)); // e.g. another user's file: fall back to the bind check alone
        }
    }

    public int port() {
        return port;
    }

    /** Releases the claim: once the broker listens, its bound socket keeps the port. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
