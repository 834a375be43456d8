package dev.mephisto.internal.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** An exclusive lock on a file, held by this process until closed; seen by this JVM and every other. */
final class LockFile implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The lock on {@code file} (created if missing), or empty when another holder, in this JVM or another
     * process, has it.
     *
     * @throws IOException when the file cannot be opened or locked at all
     */
    static Optional<LockFile> tryLock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new LockFile(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // held elsewhere in this JVM
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        closeQuietly(channel);
        return Optional.empty();
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

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
