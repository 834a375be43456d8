package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Settings;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;
import dev.mephisto.testing.AppTestDriver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreeterAppTest {

    @SuppressWarnings("unchecked")
    private static List<String> greet(App app, String name) {
        Topic<String, String> names = (Topic<String, String>) app.topics().get(0);
        Topic<String, String> greetings = (Topic<String, String>) app.topics().get(1);
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(names, "k", name);
            return driver.readValues(greetings);
        }
    }

    @Test
    void shouldGreetWithTheDefaultOrWhatCodeSays() {
        assertEquals(List.of("Hello, Ada!"), greet(GreeterApp.app(Settings.defaults(List.of(GreeterApp.GREETING))), "Ada"));
        assertEquals(List.of("Hi, Ada!"), greet(GreeterApp.app(Settings.defaults(List.of(GreeterApp.GREETING))
                .with(GreeterApp.GREETING, "Hi")), "Ada"));
    }

    @Test
    void shouldTakeTheGreetingFromTheFlagOverTheEnvironmentAndListItInHelp() {
        App[] built = new App[1];
        StringWriter out = new StringWriter();
        int code = Cli.of(settings -> built[0] = GreeterApp.app(settings)).settings(List.of(GreeterApp.GREETING))
                .env(Map.of("GREETER_GREETING", "Hey")).out(new PrintWriter(out)).run("--greeting", "Howdy", "agents");
        assertEquals(0, code);
        assertEquals(List.of("Howdy, Ada!"), greet(built[0], "Ada"));

        Cli.of(settings -> built[0] = GreeterApp.app(settings)).settings(List.of(GreeterApp.GREETING))
                .env(Map.of("GREETER_GREETING", "Hey")).out(new PrintWriter(out)).run("agents");
        assertEquals(List.of("Hey, Ada!"), greet(built[0], "Ada"));

        StringWriter help = new StringWriter();
        Cli.of(GreeterApp::app).settings(List.of(GreeterApp.GREETING)).out(new PrintWriter(help)).run("--help");
        assertTrue(help.toString().replaceAll("\\s+", " ")
                .contains("--greeting=TEXT What to greet with. (GREETER_GREETING, greeter.greeting; default Hello)"),
                help.toString());
    }
}
