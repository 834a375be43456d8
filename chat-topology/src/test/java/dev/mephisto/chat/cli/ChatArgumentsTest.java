package dev.mephisto.chat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatArgumentsTest {

    @Test
    void shouldTakeTheChatOptionsOfTheWorkerAndPassTheRestToCore() {
        ChatArguments parsed = ChatArguments.parse(new String[] {"worker", "--rooms", "10", "--broker", "k:9092",
            "--capacity=50", "--presence-timeout", "1m", "--history", "7", "--partitions", "8"}, Map.of());
        assertArrayEquals(new String[] {"worker", "--broker", "k:9092"}, parsed.rest());
        assertEquals(10, parsed.options().rooms());
        assertEquals(50, parsed.options().capacity());
        assertEquals(Duration.ofMinutes(1), parsed.options().presenceTimeout());
        assertEquals(7, parsed.options().historySize());
        assertEquals(8, parsed.options().partitions());
    }

    @Test
    void shouldLeaveTheRoomsOptionOfSimulateToSimulate() {
        ChatArguments parsed = ChatArguments.parse(new String[] {"simulate", "--users", "10", "--rooms", "3"}, Map.of());
        assertArrayEquals(new String[] {"simulate", "--users", "10", "--rooms", "3"}, parsed.rest());
        assertEquals(5, parsed.options().rooms());
    }

    @Test
    void shouldTakeDefaultsFromTheEnvironmentAndLetFlagsWin() {
        ChatArguments parsed = ChatArguments.parse(new String[] {"--capacity", "9", "worker"},
                Map.of("CHAT_ROOMS", "12", "CHAT_CAPACITY", "3", "CHAT_PRESENCE_TIMEOUT", "45"));
        assertEquals(12, parsed.options().rooms());
        assertEquals(9, parsed.options().capacity());
        assertEquals(Duration.ofSeconds(45), parsed.options().presenceTimeout());
        assertArrayEquals(new String[] {"worker"}, parsed.rest());
    }

    @Test
    void shouldSayWhatIsWrongWithABadValue() {
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> ChatArguments.parse(new String[] {"worker", "--rooms", "many"}, Map.of()));
        assertEquals("--rooms must be a whole number, got 'many'", notANumber.getMessage());
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> ChatArguments.parse(new String[] {"worker", "--capacity", "0"}, Map.of()));
        assertEquals("capacity must be 1 to 10000 seats per room, got 0", tooFew.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ChatArguments.parse(new String[] {"worker", "--presence-timeout"}, Map.of()));
        assertEquals("option --presence-timeout needs a value, such as --presence-timeout 30s", missing.getMessage());
        IllegalArgumentException badEnv = assertThrows(IllegalArgumentException.class,
                () -> ChatArguments.parse(new String[] {"worker"}, Map.of("CHAT_PRESENCE_TIMEOUT", "soon")));
        assertEquals("CHAT_PRESENCE_TIMEOUT must be a duration such as 30 (seconds), 30s, 2m or PT30S, got 'soon'",
                badEnv.getMessage());
    }
}
