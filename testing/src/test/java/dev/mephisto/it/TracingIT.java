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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One trace from an HTTP ingress through two agents, with a DSL join between them, to a sink, with an OpenTelemetry SDK registered. */
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
        Topic<String, String> audited = app.topic("traced-audited", Codec.string(), Codec.string());
        Topic<String, String> joined = app.topic("traced-joined", Codec.string(), Codec.string());
        Topic<String, String> done = app.topic("traced-done", Codec.string(), Codec.string());
        app.agent("check", submitted, (key, value, ctx) -> {
            ctx.send(checked, key, value);
            ctx.send(audited, key, "audited");
        }).sendsTo(checked, audited);
        app.streams("join", builder -> joined.to(builder.stream(checked).join(builder.stream(audited),
                (value, audit) -> value, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(5)),
                StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String()).withName("trace-join")
                        .withStoreName("trace-join"))));
        app.agent("finish", joined, (key, value, ctx) -> ctx.send(done, key, value.toUpperCase())).sendsTo(done);
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
            assertEquals(check.getSpanId(), finish.getParentSpanId(), "through the topics and the DSL join between the agents");
            assertEquals(finish.getSpanId(), sink.getParentSpanId(), "into the sink");
            for (SpanData span : spans.values()) {
                assertEquals("req-trace", span.getAttributes().get(AttributeKey.stringKey("mephisto.request_id")),
                        span.getName());
            }
            assertEquals("traced-joined", finish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
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
