package dev.mephisto.cli;

import dev.mephisto.App;
import dev.mephisto.Setting;
import dev.mephisto.Settings;
import dev.mephisto.Topic;
import dev.mephisto.internal.settings.KafkaKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * What a command of the command line gets: the settings resolved from its flags, the environment
 * and the config file, the app built from them (once, on first use), the environment, and where to
 * print. An app's own commands take it in their constructor ({@link Cli#command}) and ask for the app
 * only when they run, after parsing.
 *
 * <pre>{@code
 * Cli.of(settings -> PaymentsApp.create(PaymentsSettings.from(settings)), PaymentsApp::app)
 *         .command(SimulateCommand::new)      // SimulateCommand(CliContext<PaymentsApp> ctx)
 *         .run(args);
 * }</pre>
 *
 * @param <A> what the app function builds: an {@link App}, or an app type of your own holding one
 */
public final class CliContext<A> {

    private final Function<Settings, A> factory;
    private final Function<A, App> appOf;
    private final List<Setting<?>> declared;
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private Map<String, String> flags = Map.of();
    private Path configFile;
    private Settings settings;
    private Properties fileProperties;
    private A built;

    CliContext(Function<Settings, A> factory, Function<A, App> appOf, List<Setting<?>> declared,
            Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.factory = factory;
        this.appOf = appOf;
        this.declared = declared;
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    /** Called once the command line is parsed: the setting flags it gave (by key) and its {@code --config}. */
    void parsed(Map<String, String> flags, Path configFile) {
        this.flags = Map.copyOf(flags);
        this.configFile = configFile;
        this.settings = null;
        this.fileProperties = null;
        this.built = null;
    }

    /** The settings: code defaults &lt; {@code --config} file &lt; environment &lt; flags. */
    public synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(declared, flags, env, configProperties(), configFile);
            KafkaKeys.typos(settings.kafka(), configFile).forEach(line -> err.println("warning: " + line));
            err.flush();
        }
        return settings;
    }

    /** What the app function built from {@link #settings()}, built on the first call. */
    public synchronized A built() {
        if (built == null) {
            built = Objects.requireNonNull(factory.apply(settings()), "the app function returned null");
        }
        return built;
    }

    /** The Mephisto app, built on the first call. */
    public App app() {
        return appOf.apply(built());
    }

    /** The environment the command line runs in (the process's, or a test's). */
    public Map<String, String> env() {
        return env;
    }

    /** Where the command prints its results. */
    public PrintWriter out() {
        return out;
    }

    /** Where the command prints errors and progress. */
    public PrintWriter err() {
        return err;
    }

    /** The {@code --config} file, if one was given. */
    Path configFile() {
        return configFile;
    }

    synchronized Properties configProperties() {
        if (fileProperties == null) {
            fileProperties = ClientSettings.load(configFile);
        }
        return fileProperties;
    }

    Topic<?, ?> topic(String name) {
        App app = app();
        return app.topics().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("app '" + app.name() + "' declares no topic '" + name
                        + "'; its topics are " + app.topics().stream().map(Topic::name).toList()));
    }
}
