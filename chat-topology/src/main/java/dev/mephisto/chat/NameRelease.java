package dev.mephisto.chat;

/**
 * A room's answer to the user stage when it could not seat a claimed name (room full): on the
 * internal topic {@code chat-name-releases}, keyed by user.
 *
 * @param user the name to free
 * @param session the session that claimed it
 * @param room the room that was full
 */
public record NameRelease(String user, String session, int room) {
}
