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
        app.streams("per-customer", builder -> builder.stream(accepted)
                .groupBy((key, value) -> value, org.apache.kafka.streams.kstream.Grouped.as("by-customer"))
                .count(org.apache.kafka.streams.kstream.Materialized.as("customer-counts")));
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

    @Test
    void shouldListTheDeadLetterAndInternalTopicsMarkedAsSuch() {
        Result result = run(Map.of(), "topics");

        assertEquals(0, result.code(), result.err());
        java.util.List<String> roles = result.out().lines().skip(1)
                .map(line -> line.split("\\s{2,}")[0] + " | " + line.split("\\s{2,}")[1]).toList();
        assertEquals(java.util.List.of("orders | declared", "accepted | declared", "shop.dlq | dead letters",
                "shop-by-customer-repartition | internal (repartition)",
                "shop-customer-counts-changelog | internal (changelog)"), roles);
    }

    @Test
    void shouldRefuseAMisspeltSettingAndWarnOfAMisspeltKafkaKey(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "mephisto.web.prot=7000\n");
        Result refused = run(Map.of(), "--config", typo.toString(), "topics");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("sets unknown setting mephisto.web.prot: did you mean mephisto.web.port?"),
                refused.err());

        Path kafka = Files.writeString(dir.resolve("kafka.properties"), "linger.msx=5\nschema.registry.url=http://x\n");
        Result warned = run(Map.of(), "--config", kafka.toString(), "topics");
        assertEquals(0, warned.code(), warned.err());
        assertEquals("warning: config file " + kafka.toAbsolutePath() + " sets linger.msx, which no Kafka client or"
                + " Kafka Streams knows: did you mean linger.ms? (passed to Kafka as is)", warned.err().trim());
    }
}
