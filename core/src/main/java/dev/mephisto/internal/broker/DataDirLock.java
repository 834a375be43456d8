package dev.mephisto.internal.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Claims a data dir for one embedded broker, in this JVM or any other. Kafka locks its log dirs too, but in combined
 * mode only after the controller has already written to the metadata log, so a second broker on the same dir would
 * damage the first before failing.
 */
public final class DataDirLock implements AutoCloseable {

    private static final String FILE_NAME = ".mephisto-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir, null);
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dataDir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("could not lock the embedded Kafka broker's data dir " + dataDir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(channel);
    }

    private static IllegalStateException inUse(Path dataDir, Throwable cause) {
        return new IllegalStateException("another embedded Kafka broker, in this or another process, is using the data dir "
                + dataDir + "; stop it, or give this one its own with Options.withDataDir(...)", cause);
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
