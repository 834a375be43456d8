package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.WorkerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {

    private final App app = App.create("health");

    private WorkerCommand command(Map<String, String> env) {
        return new WorkerCommand(new CliContext(app, env, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
    }

    @Test
    void shouldResolveWebBindAndHealthSettingsFlagsOverEnvironmentOverFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                "mephisto.web.bind=10.0.0.1", "mephisto.health.stuck.after.seconds=7",
                "mephisto.health.min.free.disk.mb=5"));
        WorkerCommand command = command(Map.of("MEPHISTO_WEB_BIND", "0.0.0.0", "MEPHISTO_STUCK_AFTER", "9"));
        command.config = file;

        WorkerOptions fromFileAndEnv = command.options();
        assertEquals("0.0.0.0", fromFileAndEnv.webBindAddress().orElseThrow());
        assertEquals(Duration.ofSeconds(9), fromFileAndEnv.stuckRecordDeadline());
        assertEquals(5L * 1024 * 1024, fromFileAndEnv.minFreeDiskBytes());
        assertTrue(fromFileAndEnv.kafka().isEmpty(), "mephisto.* keys are not Kafka properties");

        command.webBind = "127.0.0.1";
        command.stuckAfter = 3;
        command.minFreeDiskMb = 0;
        WorkerOptions withFlags = command.options();
        assertEquals("127.0.0.1", withFlags.webBindAddress().orElseThrow());
        assertEquals(Duration.ofSeconds(3), withFlags.stuckRecordDeadline());
        assertEquals(0, withFlags.minFreeDiskBytes());

        WorkerOptions defaults = command(Map.of()).options();
        assertTrue(defaults.webBindAddress().isEmpty(), "unset: loopback beside an embedded broker, else all");
        assertEquals(WorkerOptions.DEFAULT_STUCK_RECORD_DEADLINE, defaults.stuckRecordDeadline());
        assertEquals(WorkerOptions.DEFAULT_MIN_FREE_DISK_BYTES, defaults.minFreeDiskBytes());
    }

    @Test
    void shouldRefuseAStuckDeadlineUnderOneSecond() {
        WorkerCommand command = command(Map.of());
        command.stuckAfter = 0;
        UserError error = assertThrows(UserError.class, command::options);
        assertEquals("--stuck-after must be 1 second or more, got 0", error.getMessage());
    }
}
