package dev.mephisto.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a worker of an app last served HTTP, written in its data directory ({@code web/<application
 * id>}), so {@code get} on this machine finds it without being told, as {@code send} finds the
 * embedded broker ({@link LocalBrokerAddress}). The last worker started wins; a worker that stops
 * removes the file if it still names it.
 */
public final class LocalWebAddress {

    private LocalWebAddress() {
    }

    public static Path file(Path dataDir, String applicationId) {
        return dataDir.resolve("web").resolve(applicationId);
    }

    /** Records {@code hostAndPort}; a failure is returned as a reason to log, never thrown (the worker runs on). */
    public static Optional<String> write(Path dataDir, String applicationId, String hostAndPort) {
        try {
            LocalBrokerAddress.writeFile(file(dataDir, applicationId), hostAndPort);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }

    public static Optional<String> read(Path dataDir, String applicationId) {
        return LocalBrokerAddress.readFile(file(dataDir, applicationId));
    }

    /** Removes the file when it still names {@code hostAndPort}. */
    public static void remove(Path dataDir, String applicationId, String hostAndPort) {
        if (read(dataDir, applicationId).filter(hostAndPort::equals).isPresent()) {
            try {
                Files.deleteIfExists(file(dataDir, applicationId));
            } catch (IOException ignored) {
                // a stale file only costs the next 'get' a clear "no worker answers" line
            }
        }
    }
}
