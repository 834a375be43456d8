package dev.mephisto.chat.gateway;

import dev.mephisto.Received;
import dev.mephisto.TopicReader;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.RoomState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rooms a person can pick from, with occupancy, capacity and filters: the gateway's view of the
 * compacted {@code chat-room-directory} (the rooms stage writes each room with members there; an
 * emptied room is a tombstone), read from its start and kept up to date.
 */
final class RoomDirectory {

    private final ChatApp chat;
    private final TopicReader<String, RoomState> reader;
    private final Map<Integer, RoomState> rooms = new ConcurrentHashMap<>();

    RoomDirectory(ChatApp chat, TopicReader<String, RoomState> reader) {
        this.chat = chat;
        this.reader = reader;
    }

    Thread start(AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            try (reader) {
                while (running.get()) {
                    for (Received<String, RoomState> record : reader.poll(Duration.ofMillis(200))) {
                        apply(record);
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

    private void apply(Received<String, RoomState> record) {
        if (record.failure().isPresent() || record.key() == null) {
            return;
        }
        int room;
        try {
            room = Integer.parseInt(record.key());
        } catch (NumberFormatException e) {
            return;
        }
        RoomState state = record.value();
        if (state == null || state.members().isEmpty()) {
            rooms.remove(room);
        } else {
            rooms.put(room, state);
        }
    }

    /** Every room 0..rooms-1, an empty room with no members and no filters; only rooms with a free seat when asked. */
    List<Room> list(boolean freeOnly) {
        List<Room> all = new ArrayList<>();
        int capacity = chat.options().capacity();
        for (int room = 0; room < chat.options().rooms(); room++) {
            RoomState state = rooms.get(room);
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
