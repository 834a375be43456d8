package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Sinks;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WindowedTable;
import dev.mephisto.WorkerState;
import dev.mephisto.testing.KafkaClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worker's operations surface on a real broker. */
@Timeout(240)
class OperationsIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient http = CLIENT;

    @TempDir
    Path dir;

    record Message(String text) {
    }

    private WorkerOptions options(String name) {
        return WorkerOptions.defaults().withBroker(kafka.bootstrapServers()).withStateDir(dir.resolve(name))
                .withWebPort(0);
    }

    @Test
    void shouldCarryTheRequestIdFromIngressThroughTwoAgentsIntoASinkFile() throws Exception {
        App app = App.create("ops-trace");
        Topic<String, Message> submitted = app.topic(Topic.of("trace-submitted", Codec.string(),
                        Codec.json(Message.class))
                .withValidator(message -> message.text().isBlank() ? "text must not be blank" : null)
                .withIngress());
        Topic<String, Message> checked = app.topic("trace-checked", Codec.string(), Codec.json(Message.class));
        Topic<String, Message> done = app.topic("trace-done", Codec.string(), Codec.json(Message.class));
        app.agent("check", submitted, (key, message, ctx) -> ctx.send(checked, key, message)).sendsTo(checked);
        app.chain("finish", checked).step(message -> new Message(message.text().toUpperCase())).to(done);
        Path files = dir.resolve("files");
        app.sink("files", done, Sinks.jsonFiles(files));

        try (Worker worker = Worker.start(app, options("trace"))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://localhost:" + worker.webPort();

            HttpResponse<String> accepted = post(base + "/topics/trace-submitted?key=m-1", "{\"text\":\"hello\"}",
                    Map.of("X-Request-Id", "req-7"));
            assertEquals(202, accepted.statusCode(), accepted.body());
            assertEquals("req-7", accepted.headers().firstValue("X-Request-Id").orElseThrow());
            assertEquals("req-7", JSON.readTree(accepted.body()).get("requestId").asText());

            assertEquals(400, post(base + "/topics/trace-submitted", "{\"text\": oops}", Map.of()).statusCode());
            HttpResponse<String> invalid = post(base + "/topics/trace-submitted", "{\"text\":\"  \"}", Map.of());
            assertEquals(400, invalid.statusCode());
            assertEquals("the value fails the check of topic 'trace-submitted': text must not be blank",
                    JSON.readTree(invalid.body()).get("error").asText());
            assertEquals(404, post(base + "/topics/trace-done", "{\"text\":\"x\"}", Map.of()).statusCode());
            assertEquals(413, post(base + "/topics/trace-submitted", "{\"text\":\"" + "x".repeat(1_100_000) + "\"}",
                    Map.of()).statusCode());

            Path file = awaitFile(files, Duration.ofSeconds(60));
            JsonNode written = JSON.readTree(file.toFile());
            assertEquals("HELLO", written.get("value").get("text").asText());
            assertEquals("m-1", written.get("key").asText());
            assertEquals("req-7", written.get("headers").get("requestId").asText());
            assertEquals(1, listFiles(files).size(), "only the valid record was produced");

            List<ConsumerRecord<String, String>> raw = TestConsumer.read(kafka.bootstrapServers(), "trace-submitted",
                    new StringDeserializer(), new StringDeserializer(), 2, Duration.ofSeconds(3), false);
            assertEquals(1, raw.size(), "nothing produced for refused requests");
        }
    }

    @Test
    void shouldRouteATableLookupToTheWorkerThatHoldsTheKey() throws Exception {
        Worker first = Worker.start(countingApp(), options("route-a"));
        Worker second = Worker.start(countingApp(), options("route-b"));
        try {
            first.awaitRunning(Duration.ofSeconds(60));
            second.awaitRunning(Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) {
                CliDemoAppsIT.cli(first.app(), "send", "route-in", "x", "--key", "key-" + i, "--broker",
                        kafka.bootstrapServers());
            }
            @SuppressWarnings("unchecked")
            KeyValueTable<String, Long> counts = (KeyValueTable<String, Long>) first.app().tables().get(0);
            int local = 0;
            int remote = 0;
            for (int i = 0; i < 20; i++) {
                String key = "key-" + i;
                HttpResponse<String> answer = awaitValue("http://localhost:" + first.webPort() + "/tables/route-counts/"
                        + key, Duration.ofSeconds(60));
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(1, JSON.readTree(answer.body()).get("value").asLong());
                if (first.get(counts, key) != null) {
                    local++;
                } else {
                    remote++;
                }
            }
            assertTrue(local > 0 && remote > 0, "keys on both workers: local=" + local + " remote=" + remote);
            HttpResponse<String> missing = get("http://localhost:" + first.webPort() + "/tables/route-counts/nobody");
            assertEquals(404, missing.statusCode(), missing.body());
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void shouldLookUpTablesOfBothKindsAndListThemWhenTheNameIsUnknown() throws Exception {
        App app = App.create("ops-kinds");
        Topic<String, String> in = app.topic("kinds-in", Codec.string(), Codec.string());
        KeyValueTable<String, Long> totals = app.table("kinds-totals", Codec.string(), Codec.int64());
        WindowedTable<String, Long> perHour = app.table(Table.windowed("kinds-per-hour", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofHours(1))));
        app.agent("count", in, (key, value, ctx) -> {
            ctx.table(totals).merge(key, 1L, Long::sum);
            ctx.table(perHour).merge(key, 1L, Long::sum);
        }).uses(totals, perHour);
        try (Worker worker = Worker.start(app, options("kinds"))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            CliDemoAppsIT.cli(app, "send", "kinds-in", "x", "--key", "k", "--broker", kafka.bootstrapServers());
            String base = "http://localhost:" + worker.webPort() + "/tables/";

            HttpResponse<String> total = awaitValue(base + "kinds-totals/k", Duration.ofSeconds(60));
            assertEquals(200, total.statusCode(), total.body());
            assertEquals(1, JSON.readTree(total.body()).get("value").asLong());
            HttpResponse<String> windows = awaitValue(base + "kinds-per-hour/k", Duration.ofSeconds(60));
            assertEquals(200, windows.statusCode(), windows.body());
            JsonNode window = JSON.readTree(windows.body()).get("windows").get(0);
            assertEquals(1, window.get("value").asLong());
            assertEquals(Duration.ofHours(1), Duration.between(java.time.Instant.parse(window.get("start").asText()),
                    java.time.Instant.parse(window.get("end").asText())));
            HttpResponse<String> unknown = get(base + "nope/k");
            assertEquals(404, unknown.statusCode());
            assertEquals("app 'ops-kinds' has no table 'nope'; its tables are [kinds-totals] and windowed"
                    + " [kinds-per-hour]", JSON.readTree(unknown.body()).get("error").asText());
            assertEquals(1L, worker.get(totals, "k"));
        }
    }

    private static App countingApp() {
        App app = App.create("ops-route", config -> config.withTopicPartitions(4));
        Topic<String, String> in = app.topic("route-in", Codec.string(), Codec.string());
        KeyValueTable<String, Long> counts = app.table("route-counts", Codec.string(), Codec.int64());
        app.agent("count", in, (key, value, ctx) -> ctx.table(counts).merge(key, 1L, Long::sum)).uses(counts);
        return app;
    }

    @Test
    void shouldProcessRecordsProducedWhilePausedOnlyAfterResume() throws Exception {
        App app = App.create("ops-pause");
        Topic<String, String> in = app.topic("pause-in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("pause-out", Codec.string(), Codec.string());
        app.agent("copy", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);
        try (Worker worker = Worker.start(app, options("pause").withAdminToken("s3cret"))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            String base = "http://localhost:" + worker.webPort();
            assertEquals(401, post(base + "/pause", "", Map.of()).statusCode());
            assertEquals(401, post(base + "/pause", "", Map.of("Authorization", "Bearer wrong")).statusCode());
            Map<String, String> auth = Map.of("Authorization", "Bearer s3cret");
            assertEquals(200, post(base + "/pause", "", auth).statusCode());
            HttpResponse<String> pausedReady = get(base + "/health/ready");
            assertEquals(503, pausedReady.statusCode(), "a paused worker processes nothing: not ready");
            assertEquals("paused", JSON.readTree(pausedReady.body()).get("reasons").get(0).get("check").asText());
            assertEquals("PAUSED", JSON.readTree(pausedReady.body()).get("state").asText());
            assertEquals(WorkerState.PAUSED, worker.state());
            assertEquals(200, get(base + "/health/live").statusCode(), "a paused worker is alive");
            HttpResponse<String> again = post(base + "/pause", "", Map.of("Authorization", "bearer s3cret"));
            assertEquals(409, again.statusCode());
            assertEquals("the worker is already paused; nothing changed", JSON.readTree(again.body()).get("error").asText());

            CliDemoAppsIT.cli(app, "send", "pause-in", "while-paused", "--broker", kafka.bootstrapServers());
            assertEquals(0, TestConsumer.read(kafka.bootstrapServers(), "pause-out", new StringDeserializer(),
                    new StringDeserializer(), 1, Duration.ofSeconds(4), false).size(), "nothing while paused");

            assertEquals(200, post(base + "/resume", "", Map.of("Authorization", "bearer s3cret")).statusCode(),
                    "RFC 9110: the scheme is case-insensitive");
            assertEquals(200, get(base + "/health/ready").statusCode());
            assertEquals(WorkerState.RUNNING, worker.state());
            List<ConsumerRecord<String, String>> after = TestConsumer.read(kafka.bootstrapServers(), "pause-out",
                    new StringDeserializer(), new StringDeserializer(), 1, Duration.ofSeconds(60), false);
            assertEquals(List.of("while-paused"), after.stream().map(ConsumerRecord::value).toList());
        }
    }

    @Test
    void shouldRetryAFailingSinkAndWriteEachRecordOnce() throws Exception {
        App app = App.create("ops-sink");
        Topic<String, String> in = app.topic("sink-in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("sink-out", Codec.string(), Codec.string());
        app.agent("copy", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Map<String, Integer> writes = new ConcurrentHashMap<>();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        app.sink("flaky", out, record -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("disk unavailable");
            }
            writes.merge(record.value(), 1, Integer::sum);
            order.add(record.value());
        });
        try (Worker worker = Worker.start(app, options("sink"))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            for (String value : List.of("a", "b", "c")) {
                CliDemoAppsIT.cli(app, "send", "sink-in", value, "--key", value, "--broker", kafka.bootstrapServers());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (order.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertEquals(List.of("a", "b", "c"), order);
        assertEquals(Map.of("a", 1, "b", 1, "c", 1), writes);
    }

    @Test
    void shouldServeMetricsTopologyAgentsFeedAFileAndListDeadLetters() throws Exception {
        App app = App.create("ops-surface", config -> config.withStatsInterval(Duration.ofSeconds(1)));
        Topic<String, Message> in = app.topic(Topic.of("surface-in", Codec.string(), Codec.json(Message.class))
                .withIngress(Message::text));
        Topic<String, Message> out = app.topic("surface-out", Codec.string(), Codec.json(Message.class));
        app.agent("copy", in, (key, message, ctx) -> ctx.send(out, key, message)).sendsTo(out);
        Path lines = Files.writeString(dir.resolve("lines.jsonl"), "{\"text\":\"one\"}\nnot json\n{\"text\":\"two\"}\n");
        app.feed("file", in, dev.mephisto.Feeds.lines(lines));

        try (Worker worker = Worker.start(app, options("surface"))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> copied = TestConsumer.read(kafka.bootstrapServers(), "surface-out",
                    new StringDeserializer(), new StringDeserializer(), 2, Duration.ofSeconds(60), false);
            assertEquals(List.of("one", "two"), copied.stream().map(ConsumerRecord::key).toList(),
                    "keys from the ingress key extractor");

            String base = "http://localhost:" + worker.webPort();
            for (int clients : List.of(1, 8)) {
                int requests = 400;
                long started = System.nanoTime();
                List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    if (inFlight.size() >= clients) {
                        assertEquals(202, inFlight.remove(0).join().statusCode());
                    }
                    inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/topics/surface-in"))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"m" + i + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                inFlight.forEach(future -> assertEquals(202, future.join().statusCode()));
                long elapsedMs = Math.max(1, (System.nanoTime() - started) / 1_000_000);
                System.out.printf("FIGURES ingress: %d POSTs, %d in flight, in %d ms (%.0f requests/s)%n",
                        requests, clients, elapsedMs, requests * 1000.0 / elapsedMs);
            }
            Thread.sleep(1500); // one STATS interval

            String metrics = get(base + "/metrics").body();
            JsonNode agentsNow = JSON.readTree(get(base + "/agents").body());
            assertTrue(metrics.contains("mephisto_agent_consumed_total{agent=\"copy\",app=\"ops-surface\"}"),
                    metrics.lines().filter(l -> l.contains("mephisto")).toList().toString());
            assertTrue(metrics.contains("kafka_stream"), "Kafka Streams' own metrics are bound in");
            assertMetricTypes(metrics);
            double consumedMetric = sample(metrics, "mephisto_agent_consumed_total{agent=\"copy\",app=\"ops-surface\"}");
            double countMetric = sample(metrics, "mephisto_agent_processing_seconds_count{agent=\"copy\",app=\"ops-surface\"}");
            assertEquals(consumedMetric, agentsNow.get(0).get("consumed").asDouble(), "/agents and /metrics agree");
            assertEquals(consumedMetric, countMetric, "one processing time per record consumed");
            assertTrue(agentsNow.get(0).get("p99Millis").asDouble() > 0, "a p99 next to a mean: " + agentsNow);
            assertTrue(agentsNow.get(0).get("sent").asLong() >= 2, agentsNow.toString());
            assertTrue(sample(metrics, "mephisto_dead_letters_total{app=\"ops-surface\"}") >= 1, "the feed's bad line");
            assertTrue(get(base + "/topology").body().contains("Processor: copy"));
            assertTrue(get(base + "/topology?format=mermaid").body().startsWith("flowchart LR"));
            assertTrue(get(base + "/topology?format=html").body().contains("<svg "), "drawn on the server");
            JsonNode agents = JSON.readTree(get(base + "/agents").body());
            assertEquals("copy", agents.get(0).get("name").asText());
            assertTrue(agents.get(0).get("consumed").asLong() >= 2, agents.toString());
            assertEquals(200, get(base + "/health/ready").statusCode());
            assertEquals(200, get(base + "/health/live").statusCode());

            String dlq = CliDemoAppsIT.cli(app, "dlq", "--broker", kafka.bootstrapServers());
            assertTrue(dlq.contains("decode feed:file/-1@2 agent=feed:file"), dlq);
            assertTrue(dlq.contains("value=not json"), dlq);
            assertTrue(dlq.trim().endsWith("1 dead letter(s) in ops-surface.dlq"), dlq);
        }
    }

    /** The names and types a Prometheus user expects: histograms in seconds, counters in _total, JVM and process. */
    private static void assertMetricTypes(String metrics) {
        for (String type : List.of("# TYPE mephisto_agent_processing_seconds histogram",
                "# TYPE mephisto_agent_processing_seconds_max gauge", "# TYPE mephisto_agent_consumed_total counter",
                "# TYPE mephisto_agent_sent_total counter", "# TYPE mephisto_agent_errors_total counter",
                "# TYPE mephisto_dead_letters_total counter", "# TYPE mephisto_dead_letters_failed_total counter",
                "# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_gc_live_data_size_bytes gauge", "# TYPE jvm_threads_live_threads gauge",
                "# TYPE process_cpu_usage gauge", "# TYPE process_uptime_seconds gauge",
                "# TYPE mephisto_consumer_lag_records gauge", "# TYPE kafka_consumer_fetch_manager_records_lag_max gauge")) {
            assertTrue(metrics.contains(type), type + " in\n" + metrics.lines().filter(l -> l.startsWith("# TYPE"))
                    .toList());
        }
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("mephisto_agent_processing_seconds_bucket{agent=\"copy\""
                + ",app=\"ops-surface\",le=\"")), "buckets per agent");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("mephisto_consumer_lag_records{")
                && line.contains("partition=\"0\"") && line.contains("topic=\"surface-in\"")), "lag per partition");
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not in\n" + metrics));
    }

    /** A POST with a 30 s timeout; also for the other operations ITs. */
    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a 30 s timeout. */
    static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> awaitValue(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> answer = get(url);
        while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = get(url);
        }
        return answer;
    }

    private static Path awaitFile(Path files, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> found = listFiles(files);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sink file in " + files + " after " + timeout);
    }

    private static List<Path> listFiles(Path files) throws Exception {
        if (!Files.isDirectory(files)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(files)) {
            return paths.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}
