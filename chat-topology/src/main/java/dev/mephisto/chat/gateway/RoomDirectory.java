package dev.mephisto.chat.gateway;

import dev.mephisto.Received;
import dev.mephisto.TopicReader;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.RoomState;
import dev.mephisto.chat.client.DirectoryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rooms a person can pick from, with occupancy, capacity and filters: the gateway's view of the
 * compacted {@code chat-room-directory} (the rooms stage writes each room with members there; an
 * emptied room is a tombstone), read from its start and kept up to date.
 */
final class RoomDirectory {

    private final ChatApp chat;
    private final TopicReader<String, RoomState> reader;
    private final DirectoryView rooms = new DirectoryView();

    RoomDirectory(ChatApp chat, TopicReader<String, RoomState> reader) {
        this.chat = chat;
        this.reader = reader;
    }

    Thread start(AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            try (reader) {
                while (running.get()) {
                    for (Received<String, RoomState> record : reader.poll(Duration.ofMillis(200))) {
                        rooms.apply(record);
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException stopping) {
                // closing
            }
        }, "chat-gateway-directory");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Every room 0..rooms-1, an empty room with no members and no filters; only rooms with a free seat when asked. */
    List<Room> list(boolean freeOnly) {
        List<Room> all = new ArrayList<>();
        int capacity = chat.options().capacity();
        for (int room = 0; room < chat.options().rooms(); room++) {
            RoomState state = rooms.room(room).orElse(null);
            List<String> members = state == null ? List.of() : state.members().stream().map(m -> m.user()).toList();
            Room entry = new Room(room, members.size(), capacity, members,
                    state == null ? "NONE" : state.sportFilter(), state == null ? "NONE" : state.executionFilter());
            if (!freeOnly || entry.occupancy() < entry.capacity()) {
                all.add(entry);
            }
        }
        return all;
    }

    /** One room as {@code GET /rooms} lists it. */
    record Room(int room, int occupancy, int capacity, List<String> members, String sportFilter,
            String executionFilter) {
    }
}
