package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.WorkerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {

    private final App app = App.create("health");

    /** The options {@code worker} would run with for these flags, environment and config file, without running it. */
    static WorkerOptions options(App app, Map<String, String> env, Path config, String... flags) {
        List<String> args = new ArrayList<>(List.of("worker"));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        args.addAll(List.of(flags));
        WorkerOptions[] seen = new WorkerOptions[1];
        StringWriter err = new StringWriter();
        int code = Cli.of(settings -> app).env(env).out(new PrintWriter(new StringWriter()))
                .err(new PrintWriter(err)).dryRunWorker(options -> seen[0] = options).run(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalArgumentException(err.toString().trim());
        }
        return seen[0];
    }

    @Test
    void shouldResolveWebBindAndHealthSettingsFlagsOverEnvironmentOverFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                "mephisto.web.bind=10.0.0.1", "mephisto.stuck.after=7s", "mephisto.min.free.disk=5MB"));
        Map<String, String> env = Map.of("MEPHISTO_WEB_BIND", "0.0.0.0", "MEPHISTO_STUCK_AFTER", "9s");

        WorkerOptions fromFileAndEnv = options(app, env, file);
        assertEquals("0.0.0.0", fromFileAndEnv.webBindAddress().orElseThrow());
        assertEquals(Duration.ofSeconds(9), fromFileAndEnv.stuckAfter());
        assertEquals(5L * 1024 * 1024, fromFileAndEnv.minFreeDisk());
        assertTrue(fromFileAndEnv.kafka().isEmpty(), "mephisto.* keys are not Kafka properties");

        WorkerOptions withFlags = options(app, env, file, "--web-bind", "127.0.0.1", "--stuck-after", "3s",
                "--min-free-disk", "0B");
        assertEquals("127.0.0.1", withFlags.webBindAddress().orElseThrow());
        assertEquals(Duration.ofSeconds(3), withFlags.stuckAfter());
        assertEquals(0, withFlags.minFreeDisk());

        WorkerOptions defaults = options(app, Map.of(), null);
        assertTrue(defaults.webBindAddress().isEmpty(), "unset: loopback beside an embedded broker, else all");
        assertEquals(WorkerOptions.DEFAULT_STUCK_AFTER, defaults.stuckAfter());
        assertEquals(WorkerOptions.DEFAULT_MIN_FREE_DISK, defaults.minFreeDisk());
    }

    @Test
    void shouldRefuseAStuckDeadlineUnderOneSecond() {
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options(app, Map.of("MEPHISTO_STUCK_AFTER", "500ms"), null));
        assertEquals("error: setting mephisto.stuck.after (environment MEPHISTO_STUCK_AFTER) must be 1s or more, got"
                + " '500ms'", error.getMessage());
    }
}
