package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.cli.Cli;
import dev.mephisto.examples.WordCount;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The demo apps end to end on a real broker: a worker, fed by the CLI's send, read by a plain consumer. */
@Timeout(120)
class CliDemoAppsIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldCountWordsSentWithTheCli() throws Exception {
        WordCount wordCount = new WordCount(App.create("cli-word-count"));
        try (Worker worker = Worker.start(wordCount.app, WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(state).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));

            String sent = cli(wordCount.app, "send", "text", "Hello, World! Hello...", "--broker", kafka.bootstrapServers());
            assertTrue(sent.matches("topic=text partition=0 offset=\\d+\\s*"), sent);

            List<ConsumerRecord<String, Long>> counts = TestConsumer.read(kafka.bootstrapServers(), "word-counts",
                    new StringDeserializer(), new LongDeserializer(), 3, Duration.ofSeconds(60), false);
            assertEquals(List.of("hello=1", "world=1", "hello=2"),
                    counts.stream().map(r -> r.key() + "=" + r.value()).toList());

            String looked = cli(wordCount.app, "get", "word-count-table", "hello", "--worker",
                    "localhost:" + worker.webPort());
            assertEquals("2", looked.trim());
        }
    }

    @Test
    void shouldSendEveryLineOfAFileAndRefuseAFileWithABadLine(@TempDir Path dir) throws Exception {
        App app = App.create("cli-numbers");
        var numbers = app.topic("numbers", dev.mephisto.Codec.string(), dev.mephisto.Codec.int64());
        var doubled = app.topic("doubled", dev.mephisto.Codec.string(), dev.mephisto.Codec.int64());
        app.agent("double", numbers, (key, value, ctx) -> ctx.send(doubled, key, value * 2)).sendsTo(doubled);
        Path good = Files.writeString(dir.resolve("good.txt"), "a:1\nb:2\n\nc:3\n");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "a:4\nb:four\n");
        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1))) {
            worker.awaitRunning(Duration.ofSeconds(60));

            StringWriter err = new StringWriter();
            int refused = Cli.of(settings -> app)
                    .env(Map.of()).out(new PrintWriter(new StringWriter())).err(new PrintWriter(err))
                    .run("send", "numbers", "--file", bad.toString(), "--key-separator", ":", "--broker",
                            kafka.bootstrapServers());
            assertEquals(1, refused);
            assertEquals("error: " + bad + ": line 2 is not a long for topic 'numbers': 'four' is not a whole number"
                    + " between -9223372036854775808 and 9223372036854775807; nothing was sent",
                    err.toString().trim());

            String sent = cli(app, "send", "numbers", "--file", good.toString(), "--key-separator", ":",
                    "--broker", kafka.bootstrapServers());
            assertEquals(3, sent.lines().count(), sent);

            List<ConsumerRecord<String, Long>> out = TestConsumer.read(kafka.bootstrapServers(), "doubled",
                    new StringDeserializer(), new LongDeserializer(), 3, Duration.ofSeconds(60), false);
            assertEquals(List.of("a=2", "b=4", "c=6"), out.stream().map(r -> r.key() + "=" + r.value()).toList());
        }
    }

    static String cli(App app, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.of(settings -> app).env(Map.of()).out(new PrintWriter(out)).err(new PrintWriter(err)).run(args);
        assertEquals(0, code, "exit code of " + List.of(args) + ", stderr: " + err);
        return out.toString();
    }
}
