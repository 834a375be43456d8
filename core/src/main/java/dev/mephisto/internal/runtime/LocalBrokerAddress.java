package dev.mephisto.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the embedded broker of a data directory last listened, so the CLI of another process on
 * this machine finds it without being told.
 */
public final class LocalBrokerAddress {

    private static final String FILE = "bootstrap.servers";

    private LocalBrokerAddress() {
    }

    public static void write(Path dataDir, String bootstrapServers) {
        try {
            writeFile(dataDir.resolve(FILE), bootstrapServers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the broker address to " + dataDir.resolve(FILE) + ": " + e, e);
        }
    }

    public static Optional<String> read(Path dataDir) {
        return readFile(dataDir.resolve(FILE));
    }

    /** Writes one address as the file's only line, creating its directory. */
    static void writeFile(Path file, String address) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, address + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /** The address a file holds; empty when there is none or it cannot be read. */
    static Optional<String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
