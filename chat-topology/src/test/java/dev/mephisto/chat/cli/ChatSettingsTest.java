package dev.mephisto.chat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat's settings through its command line: flags of the top-level command and of {@code worker},
 * {@code CHAT_*} variables and {@code chat.*} keys. With {@code --help} the command line resolves the
 * settings and builds the app (for its name) without starting anything, which lets a test see what
 * {@code worker} would run with.
 */
class ChatSettingsTest {

    private record Run(int code, String out, String err, ChatOptions options) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ChatOptions[] seen = new ChatOptions[1];
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChatMain.cli(settings -> {
            seen[0] = ChatOptions.from(settings);
            return ChatApp.create(seen[0]);
        }).env(env).out(new PrintWriter(out)).err(new PrintWriter(err)).run(args);
        return new Run(code, out.toString(), err.toString(), seen[0]);
    }

    @Test
    void shouldTakeTheChatSettingsOfTheWorkerAndLeaveTheRestToCore() {
        Run worker = run(Map.of(), "worker", "--rooms", "10", "--broker", "k:9092", "--capacity=50",
                "--presence-timeout", "1m", "--history", "7", "--partitions", "8", "--help");

        assertEquals(0, worker.code(), worker.err());
        assertEquals(10, worker.options().rooms());
        assertEquals(50, worker.options().capacity());
        assertEquals(Duration.ofMinutes(1), worker.options().presenceTimeout());
        assertEquals(7, worker.options().history());
        assertEquals(8, worker.options().partitions());
        assertTrue(worker.out().startsWith("Usage: chat worker"), worker.out());
    }

    @Test
    void shouldLeaveTheRoomsOptionOfSimulateToSimulate() {
        Run simulate = run(Map.of(), "simulate", "--users", "10", "--rooms", "3", "--help");

        assertEquals(0, simulate.code(), simulate.err());
        assertEquals(5, simulate.options().rooms(), "simulate's --rooms is how many rooms it drives");
    }

    @Test
    void shouldTakeFlagsOverEnvironmentOverConfigFileOverDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("chat.properties"), String.join("\n",
                "chat.rooms=2", "chat.history=3", "chat.capacity=4"));
        Run run = run(Map.of("CHAT_ROOMS", "12", "CHAT_CAPACITY", "3", "CHAT_PRESENCE_TIMEOUT", "45s"),
                "--capacity", "9", "--config", file.toString(), "topics");

        assertEquals(0, run.code(), run.err());
        assertEquals(12, run.options().rooms(), "environment over file");
        assertEquals(9, run.options().capacity(), "flag over environment and file");
        assertEquals(3, run.options().history(), "file over default");
        assertEquals(Duration.ofSeconds(45), run.options().presenceTimeout());
        assertEquals(4, run.options().partitions(), "default");
    }

    @Test
    void shouldSayWhatIsWrongWithABadValueAndWhereItCameFrom() {
        assertEquals("error: setting chat.rooms (flag --rooms): 'many' is not a whole number",
                run(Map.of(), "--rooms", "many", "topics").err().trim());
        assertEquals("error: setting chat.capacity (flag --capacity) must be 1 to 10000 seats per room, got '0'",
                run(Map.of(), "--capacity", "0", "topics").err().trim());
        Run missing = run(Map.of(), "worker", "--presence-timeout");
        assertEquals(2, missing.code());
        assertEquals("error: Missing required parameter for option '--presence-timeout' (DURATION) (see 'chat worker"
                + " --help')", missing.err().trim());
        assertEquals("error: setting chat.presence.timeout (environment CHAT_PRESENCE_TIMEOUT): 'soon' is not a"
                + " duration such as 500ms, 30s, 2m, 1h, 1d or ISO-8601 PT30S",
                run(Map.of("CHAT_PRESENCE_TIMEOUT", "soon"), "topics").err().trim());
        assertEquals("error: setting chat.presence.timeout (environment CHAT_PRESENCE_TIMEOUT): '45' has no unit:"
                + " write 45s for seconds or 45ms for milliseconds (a duration such as 500ms, 30s, 2m, 1h, 1d or"
                + " ISO-8601 PT30S)", run(Map.of("CHAT_PRESENCE_TIMEOUT", "45"), "topics").err().trim());
        assertEquals("error: environment variable CHAT_ROOM is no setting: did you mean CHAT_ROOMS? (every setting,"
                + " its flag, variable and key: 'worker --help')", run(Map.of("CHAT_ROOM", "3"), "topics").err().trim());
    }

    @Test
    void shouldListTheChatSettingsInTheTopLevelHelpAndTheWorkers() {
        String top = run(Map.of(), "--help").out();
        String worker = run(Map.of(), "worker", "--help").out();

        for (String help : new String[] {top, worker}) {
            String joined = help.replaceAll("\\s+", " ");
            assertTrue(joined.contains("--presence-timeout=DURATION"), help);
            assertTrue(joined.contains("CHAT_PRESENCE_TIMEOUT"), help);
            assertTrue(joined.contains("--rooms=N Rooms 0..N-1. (CHAT_ROOMS, chat.rooms; default 5)"), help);
        }
        assertTrue(worker.replaceAll("\\s+", " ").contains("(MEPHISTO_THREADS, mephisto.threads)"), worker);
    }
}
