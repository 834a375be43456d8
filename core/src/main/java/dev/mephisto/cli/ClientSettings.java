package dev.mephisto.cli;

import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings every command resolves the same way: defaults (the app's config) &lt; config file &lt;
 * environment &lt; flags.
 */
final class ClientSettings {

    static final String ENV_BROKER = "KAFKA_BOOTSTRAP_SERVERS";
    static final String ENV_THREADS = "MEPHISTO_THREADS";
    static final String ENV_STATE_DIR = "MEPHISTO_STATE_DIR";
    static final String ENV_DATA_DIR = "MEPHISTO_DATA_DIR";
    static final String ENV_WEB_PORT = "MEPHISTO_WEB_PORT";

    static final String FILE_BROKER = "bootstrap.servers";
    static final String FILE_THREADS = "num.stream.threads";
    static final String FILE_STATE_DIR = "state.dir";
    static final String FILE_DATA_DIR = "mephisto.data.dir";
    static final String FILE_WEB_PORT = "mephisto.web.port";

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

    /** The first of flag, environment, file, app config; empty when none says. */
    static Optional<String> pick(String flag, Map<String, String> env, String envName, Properties file,
            String fileKey, Optional<String> appDefault) {
        if (flag != null) {
            return Optional.of(flag);
        }
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        String fromFile = file.getProperty(fileKey);
        if (fromFile != null && !fromFile.isBlank()) {
            return Optional.of(fromFile.trim());
        }
        return appDefault;
    }

    /**
     * The cluster a client command (send, reset) talks to: as configured, else the embedded broker
     * a worker on this machine last started in {@code dataDir}, else 127.0.0.1:9092.
     */
    static String broker(CliContext ctx, String flag, Properties file, Path dataDirFlag) {
        Optional<String> configured = pick(flag, ctx.env(), ENV_BROKER, file, FILE_BROKER, ctx.app().config().broker());
        if (configured.isPresent()) {
            return configured.get();
        }
        Path dataDir = dataDir(ctx, dataDirFlag, file);
        return LocalBrokerAddress.read(dataDir).orElse("127.0.0.1:" + WorkerOptions.DEFAULT_BROKER_PORT);
    }

    static Path dataDir(CliContext ctx, Path flag, Properties file) {
        return pick(flag == null ? null : flag.toString(), ctx.env(), ENV_DATA_DIR, file, FILE_DATA_DIR,
                Optional.empty()).map(Path::of).orElse(WorkerOptions.DEFAULT_DATA_DIR);
    }

    static int parseInt(String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UserError(what + " must be a whole number, got '" + text + "'");
        }
    }
}
