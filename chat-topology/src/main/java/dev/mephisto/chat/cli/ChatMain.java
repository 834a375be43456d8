package dev.mephisto.chat.cli;

import dev.mephisto.Settings;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.cli.Cli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The chat jar's entry point: core's commands ({@code worker}, {@code send}, {@code get}, ...) plus
 * {@code chat}, {@code feed} and {@code simulate}. The chat's settings ({@link ChatOptions#SETTINGS})
 * are flags of the top-level command and of {@code worker}, {@code CHAT_*} environment variables and
 * {@code chat.*} keys of the {@code --config} file, all listed by {@code --help}.
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
        System.exit(cli().env(System.getenv())
                .out(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .err(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true))
                .run(args));
    }

    /** The chat's command line: the app is built from the resolved settings once the line is parsed. */
    static Cli<ChatApp> cli() {
        return cli(settings -> ChatApp.create(ChatOptions.from(settings)));
    }

    /** The chat's command line over the chat service that {@code chat} builds from the resolved settings. */
    static Cli<ChatApp> cli(Function<Settings, ChatApp> chat) {
        return Cli.of(chat, ChatApp::app)
                .settings(ChatOptions.SETTINGS)
                .command(ChatClientCommand::new)
                .command(FeedCommand::new)
                .command(GatewayCommand::new)
                .command(SimulateCommand::new);
    }

    /** Runs one command line with this environment and these streams and returns its exit code. */
    static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return cli().env(env).out(out).err(err).run(args);
    }
}
