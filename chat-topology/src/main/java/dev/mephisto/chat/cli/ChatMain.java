package dev.mephisto.chat.cli;

import dev.mephisto.chat.ChatApp;
import java.util.Map;

/**
 * The chat jar's entry point: core's commands ({@code worker}, {@code send}, {@code get}, ...) plus
 * {@code chat}, {@code feed} and {@code simulate}. Chat settings come from {@code CHAT_*}
 * environment variables and from {@code --rooms}, {@code --capacity}, {@code --history},
 * {@code --presence-timeout}, {@code --partitions} given before the command or after {@code worker}.
 *
 * <pre>{@code
 * java -jar mephisto-chat.jar worker --rooms 10 --capacity 50
 * java -jar mephisto-chat.jar chat --user alex --room 3
 * }</pre>
 */
public final class ChatMain {

    private ChatMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs one command line and returns its exit code (the JVM keeps running). */
    static int run(Map<String, String> env, String... args) {
        ChatArguments parsed;
        try {
            parsed = ChatArguments.parse(args, env);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + " (see 'chat worker --help' and the chat README)");
            return 2;
        }
        ChatApp chat = ChatApp.create(parsed.options());
        chat.app()
                .command(new ChatClientCommand(chat))
                .command(new FeedCommand(chat))
                .command(new SimulateCommand(chat));
        return dev.mephisto.cli.Cli.run(chat.app(), parsed.rest());
    }
}
