package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.internal.broker.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a broker: listings, topology pictures, and one-line errors. */
class CliTest {

    record Payment(String paymentId, long cents) {
    }

    private final App app = App.create("payments");
    private final Topic<String, Payment> received =
            app.topic(Topic.of("received", Codec.string(), Codec.json(Payment.class)).withPartitions(6));
    private final Topic<String, Long> totals = app.topic("totals", Codec.string(), Codec.int64());

    CliTest() {
        var table = app.table("balances", Codec.string(), Codec.int64());
        var perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1))));
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
        int code = Cli.of(settings -> app).env(env).out(new PrintWriter(out)).err(new PrintWriter(err)).run(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListTopicsWithTheirCodecsAndSettings() {
        Result result = run("topics");

        assertEquals(0, result.code(), result.err());
        assertEquals(List.of(
                "TOPIC                          ROLE                  KEY     VALUE          PARTITIONS     REPLICATION     SETTINGS",
                "received                       declared              string  json(Payment)  6              broker default  -",
                "totals                         declared              string  long           1 (default)    broker default  -",
                "payments.dlq                   dead letters          bytes   bytes          1 (default)    broker default  -",
                "payments-balances-changelog    internal (changelog)  -       -              as its source  as the app's    -",
                "payments-per-minute-changelog  internal (changelog)  -       -              as its source  as the app's    -"),
                result.out().lines().toList());
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
    void shouldSayAtOnceThatNoBrokerListensForEveryClientCommand() {
        String nobody = "127.0.0.1:" + FreePorts.any();
        String expected = "error: no Kafka broker at " + nobody + " (connection refused); start one with 'payments"
                + " worker' (it embeds a broker) or 'payments broker', or pass --broker HOST:PORT";
        for (List<String> command : List.of(List.of("send", "totals", "42", "--key", "k"), List.of("dlq"),
                List.of("reset", "--yes"))) {
            long began = System.nanoTime();
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--broker", nobody));
            Result result = run(args.toArray(String[]::new));

            assertEquals(1, result.code(), command + ": " + result.err());
            assertEquals(expected, result.err().trim(), command.toString());
            assertEquals("", result.out());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            assertTrue(ms < 10_000, command + " took " + ms + " ms; a refused connection needs no Kafka timeout");
        }
    }

    @Test
    void shouldNameAnUnknownHostAndAMalformedBrokerAddress() {
        Result unknown = run("send", "totals", "42", "--broker", "nosuch.invalid:9092");
        assertEquals(1, unknown.code());
        assertEquals("error: no Kafka broker at nosuch.invalid:9092 (unknown host nosuch.invalid); start one with"
                + " 'payments worker' (it embeds a broker) or 'payments broker', or pass --broker HOST:PORT",
                unknown.err().trim());

        Result malformed = run("dlq", "--broker", "kafka-1");
        assertEquals(1, malformed.code());
        assertEquals("error: the broker address 'kafka-1' is not HOST:PORT; pass --broker HOST:PORT[,HOST:PORT...]",
                malformed.err().trim());
    }

    @Test
    void shouldSayAConfigFileOrSendFileIsADirectory(@TempDir Path dir) {
        Result config = run("send", "totals", "42", "--config", dir.toString());
        assertEquals(1, config.code());
        assertEquals("error: config file " + dir.toAbsolutePath() + " is a directory, expected a properties file",
                config.err().trim());

        Result missing = run("dlq", "--config", dir.resolve("nope.properties").toString());
        assertEquals(1, missing.code());
        assertEquals("error: config file " + dir.toAbsolutePath().resolve("nope.properties") + " does not exist",
                missing.err().trim());

        Result lines = run("send", "totals", "--file", dir.toString(), "--broker", "127.0.0.1:1");
        assertEquals(1, lines.code());
        assertEquals("error: file " + dir.toAbsolutePath() + " is a directory, expected a text file with one value per"
                + " line", lines.err().trim());
    }

    @Test
    void shouldSayAConfigFileIsUnreadable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret.properties"), "bootstrap.servers=x:1");
        Files.setPosixFilePermissions(file, Set.of());
        assumeFalse(Files.isReadable(file), "root reads any file");

        Result result = run("send", "totals", "42", "--config", file.toString());
        assertEquals(1, result.code());
        assertEquals("error: config file " + file.toAbsolutePath() + " is not readable by this user; check its"
                + " permissions", result.err().trim());
    }

    @Test
    void shouldRefuseNumbersOutOfRangeNamingTheOption() {
        Map<List<String>, String> refused = Map.of(
                List.of("dlq", "--limit", "-3"), "error: Invalid value for option '--limit': must be from 1 to"
                        + " 2147483647, got '-3' (see 'payments dlq --help')",
                List.of("dlq", "--limit", "0"), "error: Invalid value for option '--limit': must be from 1 to"
                        + " 2147483647, got '0' (see 'payments dlq --help')",
                List.of("dlq", "--limit", "99999999999"), "error: Invalid value for option '--limit': must be from 1"
                        + " to 2147483647, got '99999999999' (see 'payments dlq --help')",
                List.of("send", "totals", "1", "--timeout", "0"), "error: Invalid value for option '--timeout': must"
                        + " be 1 to 3600 seconds, got '0' (see 'payments send --help')",
                List.of("send", "totals", "1", "--timeout", "2000000000"), "error: Invalid value for option"
                        + " '--timeout': must be 1 to 3600 seconds, got '2000000000' (see 'payments send --help')",
                List.of("send", "totals", "1", "--timeout", "soon"), "error: Invalid value for option '--timeout':"
                        + " must be 1 to 3600 seconds, got 'soon', which is not a whole number (see 'payments send"
                        + " --help')",
                List.of("broker", "--port", "70000"), "error: Invalid value for option '--port': must be a port from 1"
                        + " to 65535, or 0 for any free port, got '70000' (see 'payments broker --help')",
                List.of("broker", "--port", "-1"), "error: Invalid value for option '--port': must be a port from 1"
                        + " to 65535, or 0 for any free port, got '-1' (see 'payments broker --help')");
        refused.forEach((args, expected) -> {
            Result result = run(args.toArray(String[]::new));
            assertEquals(2, result.code(), args + ": " + result.err());
            assertEquals(expected, result.err().trim(), args.toString());
        });
    }

    @Test
    void shouldRefuseAnUnknownCommandEvenWithHelp() {
        String expected = "error: unknown command 'nosuch'; the commands are worker, broker, send, topology, topics,"
                + " agents, tables, get, reset, dlq (see 'payments --help')";
        for (String[] args : List.of(new String[] {"nosuch", "--help"}, new String[] {"nosuch"},
                new String[] {"--help", "nosuch"})) {
            Result result = run(args);
            assertEquals(2, result.code(), List.of(args) + ": " + result.out());
            assertEquals(expected, result.err().trim(), List.of(args).toString());
            assertEquals("", result.out(), "no help printed as if all were well");
        }
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: payments"), help.out());
        Result sendHelp = run("send", "--help");
        assertEquals(0, sendHelp.code());
        assertTrue(sendHelp.out().startsWith("Usage: payments send"), sendHelp.out());
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
        Map<String, String> env = Map.of("MEPHISTO_THREADS", "3", "KAFKA_BOOTSTRAP_SERVERS", "env:9092");

        var fromFileAndEnv = WorkerCommandTest.options(app, env, file);
        assertEquals("env:9092", fromFileAndEnv.broker().orElseThrow());
        assertEquals(3, fromFileAndEnv.threads().getAsInt());
        assertEquals(Path.of("/from/file"), fromFileAndEnv.stateDir().orElseThrow());
        assertEquals(7000, fromFileAndEnv.webPort());
        assertEquals("250", fromFileAndEnv.kafka().get("commit.interval.ms"));

        var withFlags = WorkerCommandTest.options(app, env, file, "--broker", "flag:9092", "--threads", "4");
        assertEquals("flag:9092", withFlags.broker().orElseThrow());
        assertEquals(4, withFlags.threads().getAsInt());

        var defaults = WorkerCommandTest.options(app, Map.of(), null);
        assertTrue(defaults.broker().isEmpty(), "no broker: the worker embeds one");
        assertTrue(defaults.threads().isEmpty(), "no threads: the app's config decides");
        assertEquals(6066, defaults.webPort());
    }
}
