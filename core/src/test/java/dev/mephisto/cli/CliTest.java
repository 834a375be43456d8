package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a broker: listings, topology pictures, and one-line errors. */
class CliTest {

    record Payment(String paymentId, long cents) {
    }

    private final App app = App.create("payments");
    private final Topic<String, Payment> received =
            app.topic(Topic.of("received", Codec.string(), Codec.json(Payment.class)).withPartitions(6));
    private final Topic<String, Long> totals = app.topic("totals", Codec.string(), Codec.longs());

    CliTest() {
        var table = app.table("balances", Codec.string(), Codec.longs());
        var perMinute = app.windowedTable("per-minute", Codec.string(), Codec.longs(),
                TableWindow.tumbling(Duration.ofMinutes(1)));
        app.agent("total", received, (key, payment, ctx) -> ctx.send(totals, key,
                ctx.table(table).merge(key, payment.cents(), Long::sum))).sendsTo(totals).uses(table).uses(perMinute);
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(app, env, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListTopicsWithTheirCodecsAndSettings() {
        Result result = run("topics");

        assertEquals(0, result.code(), result.err());
        assertEquals(List.of(
                "TOPIC     KEY     VALUE          PARTITIONS   REPLICATION     SETTINGS",
                "received  string  json(Payment)  6            broker default  -",
                "totals    string  long           1 (default)  broker default  -"), result.out().lines().toList());
    }

    @Test
    void shouldListAgentsAndTables() {
        assertEquals(List.of("AGENT  READS     SENDS TO  TABLES", "total  received  totals    balances,per-minute"),
                run("agents").out().lines().toList());
        List<String> tables = run("tables").out().lines().toList();
        assertEquals("balances    string  long   key-value                                    "
                + "payments-balances-changelog", tables.get(1));
        assertTrue(tables.get(2).startsWith("per-minute  string  long   tumbling(PT1M, grace PT0S, retention PT24H)"),
                tables.get(2));
    }

    @Test
    void shouldPrintTheTopologyAsTextMermaidAndDot() {
        assertTrue(run("topology").out().contains("Processor: total (stores: [balances, per-minute])"));

        String mermaid = run("topology", "--format", "mermaid").out();
        assertTrue(mermaid.startsWith("flowchart LR\n"), mermaid);
        assertTrue(mermaid.contains("[(\"received\")]"), mermaid);
        assertTrue(mermaid.contains("{{\"balances\"}}"), mermaid);

        String dot = run("topology", "--format", "dot").out();
        assertTrue(dot.startsWith("digraph topology {"), dot);
        assertTrue(dot.contains("[label=\"totals\", shape=cylinder];"), dot);
    }

    @Test
    void shouldRefuseAValueThatIsNotTheTopicsTypeBeforeContactingAnyBroker() {
        Result result = run("send", "received", "{\"paymentId\": oops}", "--broker", "127.0.0.1:1");

        assertEquals(1, result.code());
        assertTrue(result.err().startsWith("error: the value is not a json(Payment) for topic 'received': not a JSON"
                + " Payment: Unrecognized token 'oops'"), result.err());
        assertTrue(result.err().trim().endsWith("; nothing was sent"), result.err());
        assertEquals(1, result.err().lines().count(), "one line, no stack trace");
    }

    @Test
    void shouldNameTheTopicsWhenSendingToAnUndeclaredOne() {
        Result result = run("send", "nope", "x");

        assertEquals(1, result.code());
        assertEquals("error: app 'payments' declares no topic 'nope'; its topics are [received, totals]",
                result.err().trim());
    }

    @Test
    void shouldSayWhichArgumentIsMissingInOneLine() {
        Result result = run("send");

        assertEquals(2, result.code());
        assertEquals("error: Missing required parameter: 'TOPIC' (see 'payments send --help')", result.err().trim());
    }

    @Test
    void shouldReportAnUnreachableBrokerInOneLine() {
        Result result = run("send", "totals", "42", "--key", "k", "--broker", "127.0.0.1:1", "--timeout", "2");

        assertEquals(1, result.code());
        assertTrue(result.err().startsWith("error: no Kafka broker answers at 127.0.0.1:1"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void shouldRefuseToResetWithoutYes() {
        Result result = run("reset");

        assertEquals(1, result.code());
        assertTrue(result.err().contains("add --yes to do it"), result.err());
    }

    @Test
    void shouldSayNoWorkerAnswersForGet() {
        Result result = run("get", "balances", "acc-1", "--worker", "127.0.0.1:1");

        assertEquals(1, result.code());
        assertTrue(result.err().startsWith("error: no worker answers at http://127.0.0.1:1"), result.err());
    }

    @Test
    void shouldResolveWorkerSettingsFlagsOverEnvironmentOverFileOverDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                "bootstrap.servers=file:9092", "num.stream.threads=2", "state.dir=/from/file",
                "mephisto.web.port=7000", "commit.interval.ms=250"));
        CliContext ctx = new CliContext(app, Map.of("MEPHISTO_THREADS", "3", "KAFKA_BOOTSTRAP_SERVERS", "env:9092"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        WorkerCommand command = new WorkerCommand(ctx);
        command.config = file;

        var fromFileAndEnv = command.options();
        assertEquals("env:9092", fromFileAndEnv.broker().orElseThrow());
        assertEquals(3, fromFileAndEnv.threads().getAsInt());
        assertEquals(Path.of("/from/file"), fromFileAndEnv.stateDir().orElseThrow());
        assertEquals(7000, fromFileAndEnv.webPort());
        assertEquals("250", fromFileAndEnv.kafka().get("commit.interval.ms"));

        command.broker = "flag:9092";
        command.threads = 4;
        var withFlags = command.options();
        assertEquals("flag:9092", withFlags.broker().orElseThrow());
        assertEquals(4, withFlags.threads().getAsInt());

        WorkerCommand bare = new WorkerCommand(new CliContext(app, Map.of(), ctx.out(), ctx.err()));
        var defaults = bare.options();
        assertTrue(defaults.broker().isEmpty(), "no broker: the worker embeds one");
        assertTrue(defaults.threads().isEmpty(), "no threads: the app's config decides");
        assertEquals(6066, defaults.webPort());
    }
}
