package dev.mephisto.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The slash commands of one chat app: the built-ins ({@code /greet}, {@code /joke}, {@code /help},
 * {@code /users}, {@code /me}) and any registered with {@link ChatApp#command}. Turns a comment's
 * text into what the room says, before fan-out.
 */
final class Commands {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private record Registered(String description, ChatCommand command) {
    }

    private final Map<String, Registered> commands = new LinkedHashMap<>();

    Commands() {
        register("greet", "say hi to the room", call -> CommandReply.toRoom(call.sender() + " says hi!"));
        register("joke", "tell the room a joke", call -> CommandReply.toRoom(Jokes.random()));
        register("help", "list the commands (only you see it)", call -> CommandReply.toSender(help()));
        register("users", "list the room's members (only you see it)", call -> CommandReply.toSender(
                "members of room " + call.room() + " (" + call.members().size() + "): "
                        + String.join(", ", call.members())));
        register("me", "act: '/me waves' shows '* alex waves'", call -> call.args().isEmpty()
                ? CommandReply.toSender("usage: /me <action>, such as '/me waves'")
                : CommandReply.toRoom("* " + call.sender() + " " + call.args()));
    }

    synchronized void register(String name, String description, ChatCommand command) {
        Objects.requireNonNull(name, "command name can't be null");
        Objects.requireNonNull(command, "command can't be null (command '" + name + "')");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name '" + name + "' must be lower-case letters, digits, '_'"
                    + " or '-', starting with a letter, at most 32 characters, without the slash");
        }
        commands.put(name, new Registered(description == null ? "" : description, command));
    }

    /**
     * What the room says for {@code text}: {@code /name args} runs a command, the bare words
     * {@code greet} and {@code joke} too, {@code //text} says {@code /text}, anything else is said
     * as it is. {@code null} means nothing is said.
     */
    CommandReply expand(String sender, int room, String text, List<String> members) throws Exception {
        String trimmed = text.strip();
        if (trimmed.startsWith("//")) {
            return CommandReply.toRoom(trimmed.substring(1));
        }
        if (trimmed.startsWith("/")) {
            String body = trimmed.substring(1);
            int space = indexOfWhitespace(body);
            String name = space < 0 ? body : body.substring(0, space);
            String args = space < 0 ? "" : body.substring(space).strip();
            return run(name, sender, room, args, members);
        }
        if (trimmed.equalsIgnoreCase("greet") || trimmed.equalsIgnoreCase("joke")) {
            return run(trimmed.toLowerCase(java.util.Locale.ROOT), sender, room, "", members);
        }
        return CommandReply.toRoom(text);
    }

    private CommandReply run(String name, String sender, int room, String args, List<String> members)
            throws Exception {
        Registered registered;
        synchronized (this) {
            registered = commands.get(name);
        }
        if (registered == null) {
            return CommandReply.toSender("unknown command '/" + name + "': /help lists the commands"
                    + " (start with // to say something that begins with a slash)");
        }
        return registered.command().run(new CommandCall(sender, room, name, args, List.copyOf(members)));
    }

    private synchronized String help() {
        StringBuilder help = new StringBuilder("commands:");
        commands.forEach((name, registered) -> help.append("\n  /").append(name)
                .append(registered.description().isEmpty() ? "" : " - " + registered.description()));
        help.append("\n  greet and joke work without the slash too");
        return help.toString();
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
