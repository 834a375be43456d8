package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Setting;
import dev.mephisto.Settings;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;
import java.util.List;

/** The settings sample of running.md: an app with a setting of its own, built after the command line is parsed. */
public final class GreeterApp {

    private GreeterApp() {
    }

    // tag::settings[]
    /** {@code --greeting}, {@code GREETER_GREETING}, {@code greeter.greeting} in the config file. */
    public static final Setting<String> GREETING = Setting.text("greeter.greeting", "What to greet with.")
            .withDefault("Hello");

    public static App app(Settings settings) {
        String greeting = settings.get(GREETING);
        App app = App.create("greeter");
        Topic<String, String> names = app.topic("names", Codec.string(), Codec.string());
        Topic<String, String> greetings = app.topic("greetings", Codec.string(), Codec.string());
        app.agent("greet", names, (key, name, ctx) -> ctx.send(greetings, key, greeting + ", " + name + "!"))
                .sendsTo(greetings);
        return app;
    }

    public static void main(String[] args) {
        System.exit(Cli.of(GreeterApp::app).settings(List.of(GREETING)).run(args));
    }
    // end::settings[]
}
