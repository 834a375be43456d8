package dev.mephisto.chat.client;

import dev.mephisto.Received;
import dev.mephisto.chat.RoomState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms with members, as the compacted {@code chat-room-directory} says up to the last record
 * applied (a room that empties is a tombstone there). Read the topic from its start and apply each
 * record; safe to read from other threads while one applies.
 *
 * <pre>{@code
 * DirectoryView view = new DirectoryView();
 * reader.poll(Duration.ofMillis(200)).forEach(view::apply);
 * view.room(3).map(RoomState::members);
 * }</pre>
 */
public final class DirectoryView {

    private final Map<Integer, RoomState> rooms = new ConcurrentHashMap<>();

    /** Applies one record of {@code chat-room-directory}; one that does not decode, or whose key is no room id, is skipped. */
    public void apply(Received<String, RoomState> record) {
        if (record.failure().isPresent() || record.key() == null) {
            return;
        }
        int room;
        try {
            room = Integer.parseInt(record.key());
        } catch (NumberFormatException notARoom) {
            return;
        }
        RoomState state = record.value();
        if (state == null || state.members().isEmpty()) {
            rooms.remove(room);
        } else {
            rooms.put(room, state);
        }
    }

    /** The room as last seen with members; empty for a room without members. */
    public Optional<RoomState> room(int room) {
        return Optional.ofNullable(rooms.get(room));
    }
}
