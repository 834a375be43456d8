package dev.mephisto.internal.broker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Claims a data dir for one embedded broker, in this JVM or any other. Kafka locks its log dirs too, but in combined
 * mode only after the controller has already written to the metadata log, so a second broker on the same dir would
 * damage the first before failing.
 */
public final class DataDirLock implements AutoCloseable {

    private static final String FILE_NAME = ".mephisto-broker.lock";

    private final LockFile lock;

    private DataDirLock(LockFile lock) {
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) {
        try {
            return new DataDirLock(LockFile.tryLock(dataDir.resolve(FILE_NAME)).orElseThrow(() ->
                    new IllegalStateException("another embedded Kafka broker, in this or another process, is using the"
                            + " data dir " + dataDir + "; stop it, or give this one its own with Options.withDataDir(...)")));
        } catch (IOException e) {
            throw new IllegalStateException("could not lock the embedded Kafka broker's data dir " + dataDir + ": " + e, e);
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
