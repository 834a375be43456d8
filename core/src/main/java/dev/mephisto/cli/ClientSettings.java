package dev.mephisto.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The config file, and the broker a client command (send, dlq, reset, an app's own) talks to. */
final class ClientSettings {

    private ClientSettings() {
    }

    static Properties load(Path file) {
        Properties props = new Properties();
        if (file == null) {
            return props;
        }
        requireReadableFile("config file", file, "a properties file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return props;
    }

    /**
     * Checks that {@code file} is a file this process can read, saying what it is otherwise: missing, a directory,
     * something else, or unreadable.
     */
    static void requireReadableFile(String what, Path file, String expected) {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            throw new UserError(what + " " + absolute + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new UserError(what + " " + absolute + " is a directory, expected " + expected);
        }
        if (!Files.isRegularFile(absolute)) {
            throw new UserError(what + " " + absolute + " is not a regular file, expected " + expected);
        }
        if (!Files.isReadable(absolute)) {
            throw new UserError(what + " " + absolute + " is not readable by this user; check its permissions");
        }
    }
}
