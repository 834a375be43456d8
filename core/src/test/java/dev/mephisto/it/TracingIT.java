package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One trace from an HTTP ingress through two agents to a sink, with an OpenTelemetry SDK registered. */
@Timeout(240)
class TracingIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    @TempDir
    Path dir;

    @Test
    void shouldFollowOneTraceFromThePostThroughTwoAgentsIntoTheSink() throws Exception {
        App app = App.create("traced");
        Topic<String, String> submitted = app.topic(Topic.of("traced-in", Codec.string(), Codec.string()).withIngress());
        Topic<String, String> checked = app.topic("traced-checked", Codec.string(), Codec.string());
        Topic<String, String> done = app.topic("traced-done", Codec.string(), Codec.string());
        app.agent("check", submitted, (key, value, ctx) -> ctx.send(checked, key, value)).sendsTo(checked);
        app.agent("finish", checked, (key, value, ctx) -> ctx.send(done, key, value.toUpperCase())).sendsTo(done);
        List<String> delivered = new CopyOnWriteArrayList<>();
        app.sink("collect", done, record -> delivered.add(record.value()));

        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + worker.webPort() + "/topics/traced-in?key=k"))
                    .header("X-Request-Id", "req-trace").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), accepted.body());

            Map<String, SpanData> spans = awaitSpans(List.of("POST /topics/{topic}", "check", "finish", "sink collect"));
            assertEquals(List.of("HELLO"), delivered);
            SpanData ingress = spans.get("POST /topics/{topic}");
            SpanData check = spans.get("check");
            SpanData finish = spans.get("finish");
            SpanData sink = spans.get("sink collect");
            assertEquals(1, spans.values().stream().map(SpanData::getTraceId).distinct().count(), "one trace: " + spans);
            assertEquals(ingress.getSpanId(), check.getParentSpanId(), "the agent continues the HTTP request");
            assertEquals(check.getSpanId(), finish.getParentSpanId(), "through the topic between the agents");
            assertEquals(finish.getSpanId(), sink.getParentSpanId(), "into the sink");
            for (SpanData span : spans.values()) {
                assertEquals("req-trace", span.getAttributes().get(AttributeKey.stringKey("mephisto.request_id")),
                        span.getName());
            }
            assertEquals("traced-checked", finish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
            assertEquals(202L, ingress.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        }
    }

    private static Map<String, SpanData> awaitSpans(List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, SpanData> byName = Map.of();
        while (System.nanoTime() < deadline) {
            byName = otel.getSpans().stream().collect(Collectors.toMap(SpanData::getName, span -> span, (a, b) -> a));
            if (byName.keySet().containsAll(names)) {
                return byName;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("spans " + names + " not all ended within 60 s; got " + byName.keySet());
    }
}
