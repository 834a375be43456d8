package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowedTable;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A versioned and a session-windowed table on a real broker: written by an agent, asked over HTTP. */
@Timeout(300)
class TimedTablesIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheNewestRowOfAVersionedTableAndTheSessionsOfASessionTable() throws Exception {
        App app = App.create("timed-tables");
        Topic<String, String> in = app.topic("timed-in", Codec.string(), Codec.string());
        VersionedTable<String, String> latest = app.table(Table.versioned("timed-latest", Codec.string(),
                Codec.string(), Duration.ofDays(1)));
        WindowedTable<String, Long> visits = app.table(Table.windowed("timed-visits", Codec.string(), Codec.int64(),
                TableWindow.session(Duration.ofHours(1))));
        app.agent("keep", in, (key, value, ctx) -> {
            ctx.table(latest).put(key, value);
            ctx.table(visits).merge(key, 1L, Long::sum);
        }).uses(latest, visits);

        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve("w")).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            CliDemoAppsIT.cli(app, "send", "timed-in", "first", "--key", "k", "--broker", kafka.bootstrapServers());
            CliDemoAppsIT.cli(app, "send", "timed-in", "second", "--key", "k", "--broker", kafka.bootstrapServers());
            String base = "http://localhost:" + worker.webPort() + "/tables/";

            JsonNode row = awaitJson(base + "timed-latest/k", node -> "second".equals(node.path("value").asText()));
            assertEquals("second", row.get("value").asText());
            JsonNode sessions = awaitJson(base + "timed-visits/k",
                    node -> node.path("windows").path(0).path("value").asLong() == 2);
            JsonNode session = sessions.get("windows").get(0);
            assertEquals(1, sessions.get("windows").size(), sessions.toString());
            Instant start = Instant.parse(session.get("start").asText());
            Instant end = Instant.parse(session.get("end").asText());
            assertEquals(true, end.isAfter(start) && Duration.between(start, end).compareTo(Duration.ofMinutes(5)) < 0,
                    "a session runs from its first record to just after its last: " + session);
            assertEquals(404, OperationsIT.get(base + "timed-latest/nobody").statusCode());
        }
    }

    private static JsonNode awaitJson(String url, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> answer = OperationsIT.get(url);
            JsonNode node = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
            if (node != null && done.test(node)) {
                return node;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " never answered as expected; last: " + answer.statusCode() + " "
                        + answer.body());
            }
            Thread.sleep(100);
        }
    }
}
