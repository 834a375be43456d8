package dev.mephisto.chat;

/**
 * A slash command, run by the room before a comment fans out: {@code /roll 20} calls the command
 * registered as {@code roll} with the arguments {@code "20"}. Register your own with
 * {@link ChatApp#command(String, String, ChatCommand)}.
 *
 * <pre>{@code
 * chat.command("roll", "roll a die", call -> CommandReply.toRoom(call.sender() + " rolls " + (1 + new Random().nextInt(6))));
 * }</pre>
 */
@FunctionalInterface
public interface ChatCommand {

    /** The reply: to the whole room, to the sender only, or nothing. */
    CommandReply run(CommandCall call) throws Exception;
}
