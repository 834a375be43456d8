package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link KeyValueTable#cached()} table on a real broker: an agent reads its own writes at once, and
 * the changelog holds each key once per commit instead of once per write, ending on the same values as
 * an uncached table written the same way.
 */
@Timeout(300)
class CachedTableIT {

    private static final int WORDS = 5;
    private static final int RECORDS = 2_000;

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    @Test
    void shouldWriteEachKeyOncePerCommitToTheChangelogOfACachedTable() throws Exception {
        App app = App.create("cached-table", config -> config.withKafka("commit.interval.ms", 2_000));
        Topic<String, String> words = app.topic(Topic.of("ct-words", Codec.string(), Codec.string()).withPartitions(1));
        Topic<String, Long> counted = app.topic(Topic.of("ct-counted", Codec.string(), Codec.int64()).withPartitions(1));
        KeyValueTable<String, Long> cached = app.table(Table.of("cached-counts", Codec.string(), Codec.int64()).cached());
        KeyValueTable<String, Long> plain = app.table("plain-counts", Codec.string(), Codec.int64());
        app.agent("count", words, (word, ignored, ctx) -> {
            long count = ctx.table(cached).merge(word, 1L, Long::sum);
            ctx.table(plain).merge(word, 1L, Long::sum);
            ctx.send(counted, word, count);
        }).sendsTo(counted).uses(cached, plain);

        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                        .withStateDir(dir).withWebPort(0));
                TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            worker.awaitRunning(Duration.ofSeconds(120));
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(client.send(words, "w" + (i % WORDS), "x"));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();

            // the agent read its own writes: each word counted 1, 2, 3, ... in order
            Map<String, List<Long>> counts = new HashMap<>();
            read(client, counted, RECORDS).forEach(r -> counts.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
            for (int w = 0; w < WORDS; w++) {
                List<Long> expected = new ArrayList<>();
                for (long n = 1; n <= RECORDS / WORDS; n++) {
                    expected.add(n);
                }
                assertEquals(expected, counts.get("w" + w), "counts of w" + w + " as the agent saw them");
            }
            Thread.sleep(3_000); // one more commit: the cache's last values reach the changelog

            // the changelogs are the worker's topics, not the app's: a client of their own reads them
            App changelogs = App.create("cached-table-changelogs");
            Topic<String, Long> plainTopic = changelogs.topic(changelog("plain-counts"));
            Topic<String, Long> cachedTopic = changelogs.topic(changelog("cached-counts"));
            List<Received<String, Long>> plainLog;
            List<Received<String, Long>> cachedLog;
            try (TopicClient changelogClient = TopicClient.connect(changelogs, ClientOptions.defaults()
                    .withBroker(kafka.bootstrapServers()))) {
                plainLog = read(changelogClient, plainTopic, RECORDS);
                cachedLog = read(changelogClient, cachedTopic, WORDS);
            }
            assertEquals(RECORDS, plainLog.size(), "an uncached table's changelog holds every write");
            assertTrue(cachedLog.size() < RECORDS / 10, "a cached table's changelog holds each key once per commit,"
                    + " not every write: " + cachedLog.size() + " records for " + RECORDS + " writes to " + WORDS + " keys");
            assertEquals(last(plainLog), last(cachedLog), "both changelogs end on the same values");
            assertEquals(RECORDS / WORDS, last(cachedLog).get("w0"));
        }
    }

    private static Topic<String, Long> changelog(String table) {
        return Topic.of("cached-table-" + table + "-changelog", Codec.string(), Codec.int64());
    }

    private static Map<String, Long> last(List<Received<String, Long>> records) {
        Map<String, Long> last = new HashMap<>();
        records.forEach(r -> last.put(r.key(), r.value()));
        return last;
    }

    /** Every record of {@code topic} from its start, once {@code expected} came and 3 s more passed (or 90 s). */
    private static <V> List<Received<String, V>> read(TopicClient client, Topic<String, V> topic, int expected) {
        List<Received<String, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long stopAt = Long.MAX_VALUE;
        try (TopicReader<String, V> reader = client.read(topic, ReadOptions.fromBeginning())) {
            while (System.nanoTime() < Math.min(deadline, stopAt)) {
                for (Received<String, V> record : reader.poll(Duration.ofMillis(200))) {
                    records.add(record);
                }
                if (stopAt == Long.MAX_VALUE && records.size() >= expected) {
                    stopAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return records;
    }
}
