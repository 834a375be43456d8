package dev.mephisto.chat;

/**
 * Who holds a name: table {@code chat-sessions}, keyed by user. The name is claimed from JOIN until
 * LEAVE, a presence timeout, or a full room gives it back.
 *
 * @param session the session holding the name
 * @param room the room it joined (or is being seated in)
 * @param lastSeen the worker's wall clock at its last request, epoch milliseconds
 */
public record Session(String session, int room, long lastSeen) {

    Session seen(long now) {
        return new Session(session, room, now);
    }
}
