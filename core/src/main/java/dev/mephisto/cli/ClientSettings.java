package dev.mephisto.cli;

import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
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

    /**
     * The cluster a client command talks to: the broker setting (flag, environment, file), else the
     * app's config, else the embedded broker a worker on this machine last started in the data dir,
     * else 127.0.0.1:9092.
     */
    static String broker(CliContext<?> ctx) {
        return ctx.settings().find(WorkerOptions.BROKER)
                .or(() -> ctx.app().config().broker())
                .or(() -> LocalBrokerAddress.read(ctx.settings().get(WorkerOptions.DATA_DIR)))
                .orElse("127.0.0.1:" + WorkerOptions.DEFAULT_BROKER_PORT);
    }
}
