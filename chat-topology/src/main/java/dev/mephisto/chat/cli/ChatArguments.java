package dev.mephisto.chat.cli;

import dev.mephisto.chat.ChatOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat's own settings on the command line, taken out before core's command line sees the rest:
 * {@code --rooms}, {@code --capacity}, {@code --history}, {@code --presence-timeout} and
 * {@code --partitions}, before any command or after {@code worker}. Environment variables
 * ({@code CHAT_ROOMS}, ...) give the defaults; flags win.
 */
record ChatArguments(ChatOptions options, String[] rest) {

    static final Set<String> NAMES = Set.of("--rooms", "--capacity", "--history", "--presence-timeout", "--partitions");

    static ChatArguments parse(String[] args, Map<String, String> env) {
        ChatOptions options = ChatOptions.fromEnvironment(env);
        List<String> rest = new ArrayList<>();
        String command = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean ours = NAMES.contains(name) && (command == null || command.equals("worker"));
            if (!ours) {
                if (command == null && !arg.startsWith("-")) {
                    command = arg;
                }
                rest.add(arg);
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value, such as " + name + " "
                        + example(name));
            }
            options = apply(options, name, value);
        }
        return new ChatArguments(options, rest.toArray(String[]::new));
    }

    private static ChatOptions apply(ChatOptions options, String name, String value) {
        return switch (name) {
            case "--rooms" -> options.withRooms(number(name, value));
            case "--capacity" -> options.withCapacity(number(name, value));
            case "--history" -> options.withHistorySize(number(name, value));
            case "--presence-timeout" -> options.withPresenceTimeout(ChatOptions.parseDuration(name, value));
            case "--partitions" -> options.withPartitions(number(name, value));
            default -> throw new IllegalStateException("unhandled chat option " + name);
        };
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static String example(String name) {
        return name.equals("--presence-timeout") ? "30s" : "5";
    }
}
