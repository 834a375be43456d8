package dev.mephisto.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent comments of one room, oldest first: the value of table {@code chat-history}, keyed by
 * the room id as text ({@code get chat-history 3}).
 *
 * @param room the room
 * @param comments at most the configured history size
 */
public record RoomHistory(int room, List<HistoryEntry> comments) {

    public RoomHistory {
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    /** The number the next comment of this room gets: one more than the newest kept. */
    public long nextSeq() {
        if (comments.isEmpty()) {
            return 1;
        }
        Long last = comments.get(comments.size() - 1).seq();
        return last == null ? 1 : last + 1;
    }

    /** A copy with {@code entry} appended, keeping the newest {@code limit}. */
    public RoomHistory append(HistoryEntry entry, int limit) {
        List<HistoryEntry> next = new ArrayList<>(comments);
        next.add(entry);
        while (next.size() > limit) {
            next.remove(0);
        }
        return new RoomHistory(room, next);
    }
}
