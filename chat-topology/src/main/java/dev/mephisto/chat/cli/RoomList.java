package dev.mephisto.chat.cli;

import dev.mephisto.ClientOptions;
import dev.mephisto.ReadOptions;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.Member;
import dev.mephisto.chat.RoomState;
import dev.mephisto.chat.client.DirectoryView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/** {@code chat --list}: the room directory, read from {@code chat-room-directory} up to now, as a table. */
final class RoomList {

    private RoomList() {
    }

    static int print(ChatApp chat, Properties kafka, PrintWriter out) {
        DirectoryView rooms = new DirectoryView();
        try (TopicClient client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(kafka)
                .withClientId("chat-list").withTimeout(Duration.ofSeconds(15)));
                TopicReader<String, RoomState> reader = client.read(chat.roomDirectory(),
                        ReadOptions.fromBeginning().withReadCommitted(false))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            do {
                reader.poll(Duration.ofMillis(200)).forEach(rooms::apply);
            } while (!reader.caughtUp() && System.nanoTime() < deadline);
        }
        out.println(lines(chat.options().rooms(), chat.options().capacity(), rooms));
        out.flush();
        return 0;
    }

    /** The table: one row per room 0..rooms-1, empty rooms too. */
    static String lines(int roomCount, int capacity, DirectoryView rooms) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-5s %-9s %-24s %-24s %s%n", "ROOM",
                "SEATS", "SPORT FILTER", "EXECUTION FILTER", "MEMBERS"));
        for (int room = 0; room < roomCount; room++) {
            RoomState state = rooms.room(room).orElse(null);
            int used = state == null ? 0 : state.members().size();
            int seats = state == null ? capacity : state.capacity();
            table.append(String.format(Locale.ROOT, "%-5d %-9s %-24s %-24s %s%n", room, used + "/" + seats,
                    state == null ? "NONE" : state.sportFilter(), state == null ? "NONE" : state.executionFilter(),
                    state == null ? "" : state.members().stream().map(Member::user).collect(Collectors.joining(", "))));
        }
        return table.toString().stripTrailing();
    }
}
