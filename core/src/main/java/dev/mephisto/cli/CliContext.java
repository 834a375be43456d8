package dev.mephisto.cli;

import dev.mephisto.App;
import dev.mephisto.Topic;
import java.io.PrintWriter;
import java.util.Map;

/** What every command needs: the app, the environment, and where to print. */
record CliContext(App app, Map<String, String> env, PrintWriter out, PrintWriter err) {

    Topic<?, ?> topic(String name) {
        return app.topics().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("app '" + app.name() + "' declares no topic '" + name
                        + "'; its topics are " + app.topics().stream().map(Topic::name).toList()));
    }
}
