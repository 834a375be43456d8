package dev.mephisto.testing;

import dev.mephisto.App;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowRange;
import dev.mephisto.WindowedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs an app's real topology without a broker, over Kafka's {@link TopologyTestDriver}: send
 * typed records to declared topics, read what the app wrote, look into tables, and move the
 * clocks by hand. Add {@code org.apache.kafka:kafka-streams-test-utils} in test scope to use it.
 *
 * <p>Two clocks: the <em>event clock</em> stamps records sent without a timestamp (stream time
 * moves when such a record is processed), and the <em>wall clock</em> drives wall-clock timers and
 * window closing. Both start at the instant given to {@link #create(App, Instant)}.
 *
 * <pre>{@code
 * try (AppTestDriver driver = AppTestDriver.create(app)) {
 *     driver.send(lines, null, "Hello, World");
 *     assertEquals(List.of(1L, 1L), driver.readValues(counts));
 *     assertEquals(1L, driver.get(wordCounts, "hello"));
 * }
 * }</pre>
 */
public final class AppTestDriver implements AutoCloseable {

    /** Where both clocks start unless told otherwise: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final App app;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<?, ?>> inputs = new HashMap<>();
    private final Map<String, TestOutputTopic<?, ?>> outputs = new HashMap<>();
    private final Map<String, TestInputTopic<byte[], byte[]>> rawInputs = new HashMap<>();
    private Instant eventClock;
    private Instant wallClock;
    private TestOutputTopic<byte[], byte[]> deadLetterTopic;

    private AppTestDriver(App app, Instant start, int partitions) {
        this.app = app;
        this.eventClock = start;
        this.wallClock = start;
        try {
            this.stateDir = Files.createTempDirectory("mephisto-test-" + app.name() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the test driver of app '"
                    + app.name() + "'", e);
        }
        Properties props = app.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test-driver:9092");
        props.put(dev.mephisto.internal.runtime.CoPartitionCheck.PARTITIONS_CONFIG, Integer.toString(partitions));
        this.driver = new TopologyTestDriver(app.topology(), props, start);
    }

    /** A driver over {@code app} with both clocks at {@link #DEFAULT_START}. */
    public static AppTestDriver create(App app) {
        return create(app, DEFAULT_START);
    }

    /** A driver over {@code app} with both clocks at {@code start}. Compiles the app. */
    public static AppTestDriver create(App app, Instant start) {
        return create(app, start, 1);
    }

    /**
     * A driver that plays every topic as having {@code partitions} partitions, so a missing re-key
     * fails a unit test instead of production: a record lives on the partition Java's default
     * partitioner gives its key (as a producer, a sink and a repartition place it), and an agent that
     * reads or writes a table under a key of another partition fails with a dead letter
     * ({@code agent-failed}) naming the agent, the table, both keys and partitions, and the fix. The
     * topology still runs once; only the check knows of the partitions.
     *
     * <pre>{@code
     * try (AppTestDriver driver = AppTestDriver.create(app, AppTestDriver.DEFAULT_START, 6)) {
     *     driver.send(payments, "p-1", payment);          // an agent keyed by paymentId updating balances by account
     *     assertEquals(List.of(), driver.deadLetters());   // fails: "re-key the source by the table's key ..."
     * }
     * }</pre>
     */
    public static AppTestDriver create(App app, Instant start, int partitions) {
        Objects.requireNonNull(app, "app can't be null");
        Objects.requireNonNull(start, "start can't be null");
        if (partitions < 1) {
            throw new IllegalArgumentException("a test driver needs at least 1 partition per topic, got " + partitions);
        }
        return new AppTestDriver(app, start, partitions);
    }

    /** Sends a record stamped with the event clock. */
    public <K, V> void send(Topic<K, V> topic, K key, V value) {
        send(topic, key, value, eventClock, Map.of());
    }

    /** Sends a record with this timestamp; the event clock is not changed. */
    public <K, V> void send(Topic<K, V> topic, K key, V value, Instant timestamp) {
        send(topic, key, value, timestamp, Map.of());
    }

    /** Sends a record with this timestamp and these headers (UTF-8). */
    public <K, V> void send(Topic<K, V> topic, K key, V value, Instant timestamp, Map<String, String> headers) {
        Objects.requireNonNull(timestamp, "timestamp can't be null");
        Objects.requireNonNull(headers, "headers can't be null");
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, text) -> kafkaHeaders.add(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8)));
        input(topic).pipeInput(new TestRecord<>(key, value, kafkaHeaders, timestamp));
    }

    /**
     * Sends raw bytes to a declared topic, as a producer that ignores its codecs would: the way to
     * test what the app does with bad input.
     */
    public void sendBytes(Topic<?, ?> topic, byte[] key, byte[] value) {
        Topic<?, ?> declared = declared(topic);
        requireSource(declared.name());
        TestInputTopic<byte[], byte[]> raw = rawInputs.computeIfAbsent(declared.name(),
                name -> driver.createInputTopic(name, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer()));
        raw.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), eventClock));
    }

    /** Sends several values with {@code null} keys, stamped with the event clock. */
    @SafeVarargs
    public final <K, V> void sendValues(Topic<K, V> topic, V... values) {
        for (V value : values) {
            send(topic, null, value);
        }
    }

    /** Every record written to {@code topic} since the last read, oldest first. */
    public <K, V> List<OutputRecord<K, V>> read(Topic<K, V> topic) {
        List<OutputRecord<K, V>> records = new ArrayList<>();
        for (TestRecord<K, V> record : output(topic).readRecordsToList()) {
            records.add(new OutputRecord<>(record.key(), record.value(), record.getRecordTime(), text(record.headers())));
        }
        return records;
    }

    private static Map<String, String> text(org.apache.kafka.common.header.Headers kafkaHeaders) {
        return dev.mephisto.internal.runtime.HeaderText.of(kafkaHeaders);
    }

    /** The values written to {@code topic} since the last read. */
    public <K, V> List<V> readValues(Topic<K, V> topic) {
        return read(topic).stream().map(OutputRecord::value).toList();
    }

    /** The key-value pairs written to {@code topic} since the last read. */
    public <K, V> List<KeyValue<K, V>> readKeyValues(Topic<K, V> topic) {
        return read(topic).stream().map(record -> KeyValue.pair(record.key(), record.value())).toList();
    }

    /** Every record that went to the app's dead-letter topic since the last call, oldest first. */
    public List<dev.mephisto.DeadLetter> deadLetters() {
        if (deadLetterTopic == null) {
            deadLetterTopic = driver.createOutputTopic(app.deadLetterTopic(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        }
        List<dev.mephisto.DeadLetter> letters = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : deadLetterTopic.readRecordsToList()) {
            letters.add(dev.mephisto.DeadLetter.of(record.key(), record.value(), text(record.headers())));
        }
        return letters;
    }

    /** Whether nothing was written to {@code topic} since the last read. */
    public boolean isEmpty(Topic<?, ?> topic) {
        return output(topic).isEmpty();
    }

    /** A key-value table's value for {@code key}, or {@code null}. */
    public <K, V> V get(KeyValueTable<K, V> table, K key) {
        return keyValueStore(table).get(key);
    }

    /** Everything in a key-value table. */
    public <K, V> Map<K, V> contents(KeyValueTable<K, V> table) {
        Map<K, V> contents = new LinkedHashMap<>();
        try (KeyValueIterator<K, V> all = keyValueStore(table).all()) {
            all.forEachRemaining(entry -> contents.put(entry.key, entry.value));
        }
        return contents;
    }

    /**
     * A windowed table's value for {@code key} in the window starting at {@code windowStart} (for session
     * windows, the session whose first record is at {@code windowStart}).
     */
    public <K, V> V get(WindowedTable<K, V> table, K key, Instant windowStart) {
        if (table.window().isSession()) {
            return windows(table, key).entrySet().stream().filter(entry -> entry.getKey().start().equals(windowStart))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return windowStore(table).fetch(key, windowStart.toEpochMilli());
    }

    /** Every retained window of {@code key} in a windowed table, oldest first. */
    public <K, V> SortedMap<WindowRange, V> windows(WindowedTable<K, V> table, K key) {
        SortedMap<WindowRange, V> windows = new TreeMap<>();
        if (table.window().isSession()) {
            SessionStore<K, V> sessions = driver.getSessionStore(table.name());
            try (KeyValueIterator<Windowed<K>, V> all = sessions.fetch(key)) {
                all.forEachRemaining(entry -> windows.put(WindowRange.ofEpochMilli(entry.key.window().start(),
                        entry.key.window().end() + 1), entry.value));
            }
            return windows;
        }
        long size = table.window().size().toMillis();
        try (WindowStoreIterator<V> all = windowStore(table).fetch(key, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            all.forEachRemaining(entry -> windows.put(WindowRange.ofEpochMilli(entry.key, entry.key + size), entry.value));
        }
        return windows;
    }

    /**
     * A versioned table's row for {@code key} as it was at {@code asOf}, or {@code null}.
     *
     * <pre>{@code
     * assertEquals("gold", driver.get(accounts, "acct-1", T.plusSeconds(5)).tier());
     * }</pre>
     */
    public <K, V> V get(VersionedTable<K, V> table, K key, Instant asOf) {
        VersionedKeyValueStore<K, V> store = driver.getVersionedKeyValueStore(table.name());
        VersionedRecord<V> row = store.get(key, asOf.toEpochMilli());
        return row == null ? null : row.value();
    }

    /** Moves the wall clock on, firing wall-clock timers and window closing that fall due. */
    public void advanceWallClock(Duration duration) {
        requireForward(duration);
        driver.advanceWallClockTime(duration);
        wallClock = wallClock.plus(duration);
    }

    /**
     * The wall clock as agents see it ({@code ctx.wallClockMillis()}); with {@link #eventTime()},
     * the two clocks of a test.
     */
    public Instant wallClock() {
        return wallClock;
    }

    /** Moves the event clock on: records sent afterwards without a timestamp carry the later time. */
    public void advanceEventTime(Duration duration) {
        requireForward(duration);
        eventClock = eventClock.plus(duration);
    }

    /** The timestamp the next record sent without one will carry. */
    public Instant eventTime() {
        return eventClock;
    }

    /** The app under test. */
    public App app() {
        return app;
    }

    /** The underlying Kafka driver, for anything this one does not offer. */
    public TopologyTestDriver kafkaDriver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
        deleteQuietly(stateDir);
    }

    @SuppressWarnings("unchecked")
    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        Topic<K, V> declared = declared(topic);
        return (TestInputTopic<K, V>) inputs.computeIfAbsent(declared.name(), name -> {
            requireSource(name);
            return driver.createInputTopic(name, declared.keySerde().serializer(), declared.valueSerde().serializer());
        });
    }

    private void requireSource(String topic) {
        if (!isSource(topic)) {
            throw new IllegalArgumentException("topic '" + topic + "' is not read by any agent or DSL block of app '"
                    + app.name() + "', so a record sent to it would go nowhere: send to a source topic");
        }
    }

    private boolean isSource(String topic) {
        return app.topology().describe().subtopologies().stream()
                .flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof org.apache.kafka.streams.TopologyDescription.Source)
                .map(node -> ((org.apache.kafka.streams.TopologyDescription.Source) node).topicSet())
                .anyMatch(topics -> topics != null && topics.contains(topic));
    }

    @SuppressWarnings("unchecked")
    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        Topic<K, V> declared = declared(topic);
        return (TestOutputTopic<K, V>) outputs.computeIfAbsent(declared.name(),
                name -> driver.createOutputTopic(name, declared.keySerde().deserializer(),
                        declared.valueSerde().deserializer()));
    }

    @SuppressWarnings("unchecked")
    private <K, V> Topic<K, V> declared(Topic<K, V> topic) {
        Objects.requireNonNull(topic, "topic can't be null");
        return (Topic<K, V>) app.topics().stream()
                .filter(candidate -> candidate.name().equals(topic.name()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("topic '" + topic.name()
                        + "' is not declared by app '" + app.name() + "': declare it with app.topic(...)"));
    }

    private <K, V> KeyValueStore<K, V> keyValueStore(KeyValueTable<K, V> table) {
        Objects.requireNonNull(table, "table can't be null");
        KeyValueStore<K, V> store = driver.getKeyValueStore(table.name());
        if (store == null) {
            throw new IllegalArgumentException("table '" + table.name() + "' is not a table of app '" + app.name()
                    + "': declare it with app.table(...) and use it in an agent");
        }
        return store;
    }

    private <K, V> WindowStore<K, V> windowStore(WindowedTable<K, V> table) {
        Objects.requireNonNull(table, "table can't be null");
        WindowStore<K, V> store = driver.getWindowStore(table.name());
        if (store == null) {
            throw new IllegalArgumentException("windowed table '" + table.name() + "' is not a table of app '"
                    + app.name() + "': declare it with app.table(Table.windowed(...)) and use it in an agent");
        }
        return store;
    }

    private static void requireForward(Duration duration) {
        Objects.requireNonNull(duration, "duration can't be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("clocks only move forward, got " + duration);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
