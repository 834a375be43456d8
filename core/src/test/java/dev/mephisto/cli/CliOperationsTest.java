package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's operations commands without a broker: the topology page, topics, settings keys. */
class CliOperationsTest {

    private final App app = App.create("shop");

    CliOperationsTest() {
        Topic<String, String> orders = app.topic("orders", Codec.string(), Codec.string());
        Topic<String, String> accepted = app.topic("accepted", Codec.string(), Codec.string());
        app.agent("accept", orders, (key, value, ctx) -> ctx.send(accepted, key, value)).sendsTo(accepted);
    }

    record Result(int code, String out, String err) {
    }

    Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.of(settings -> app).env(env).out(new PrintWriter(out)).err(new PrintWriter(err)).run(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldWriteTheServedTopologyPageToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop.html");
        Result result = run(Map.of(), "topology", "--format", "html", "--output", file.toString());

        assertEquals(0, result.code(), result.err());
        assertEquals("wrote " + file.toAbsolutePath() + " (open it in a browser: it loads nothing from the network)",
                result.out().trim());
        assertEquals(app.topologyHtml(), Files.readString(file));
    }
}
