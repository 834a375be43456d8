package dev.mephisto.chat;

import java.util.Objects;

/**
 * What a {@link ChatCommand} answers: a comment to the whole room (kept in its history), a private
 * notice to the sender, or nothing.
 *
 * <pre>{@code
 * CommandReply.toRoom("alex says hi!");
 * CommandReply.toSender("members: alex, tim");
 * }</pre>
 *
 * @param text the text
 * @param toRoom true for the room, false for the sender only
 */
public record CommandReply(String text, boolean toRoom) {

    public CommandReply {
        Objects.requireNonNull(text, "a command reply needs a text; return CommandReply.nothing() for none");
    }

    /** A comment from the sender to every member. */
    public static CommandReply toRoom(String text) {
        return new CommandReply(text, true);
    }

    /** A notice to the sender only. */
    public static CommandReply toSender(String text) {
        return new CommandReply(text, false);
    }

    /** No reply at all. */
    public static CommandReply nothing() {
        return null;
    }
}
