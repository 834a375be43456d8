package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import dev.mephisto.testing.OutputRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.junit.jupiter.api.Test;

class AppTest {

    private static final Instant T0 = AppTestDriver.DEFAULT_START;

    @Test
    void shouldDeriveTheApplicationIdFromNameAndVersion() {
        assertEquals("payments", App.create("payments").applicationId());
        assertEquals("payments-v3", App.create("payments", config -> config.withVersion(3)).applicationId());
    }

    @Test
    void shouldPutEverySettingIntoTheStreamsProperties() {
        App app = App.create("payments", config -> config
                .withBroker("kafka:9092")
                .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .withThreads(3)
                .withTopicReplication(3)
                .withStateDir(java.nio.file.Path.of("/tmp/state"))
                .withKafka("commit.interval.ms", 50));

        var props = app.streamsProperties();

        assertEquals("payments", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("kafka:9092", props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("exactly_once_v2", props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(3, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(3, props.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertEquals("/tmp/state", props.get(StreamsConfig.STATE_DIR_CONFIG));
        assertEquals(50, props.get("commit.interval.ms"));
    }

    @Test
    void shouldKeepTwoAppsInOneJvmApart() {
        App first = upperCaser("first");
        App second = upperCaser("second");
        Topic<String, String> in = Topic.of("in", Codec.string(), Codec.string());
        Topic<String, String> out = Topic.of("out", Codec.string(), Codec.string());
        try (AppTestDriver a = AppTestDriver.create(first); AppTestDriver b = AppTestDriver.create(second)) {
            a.send(in, "k", "from a");
            b.send(in, "k", "from b");

            assertEquals(List.of("FROM A"), a.readValues(out));
            assertEquals(List.of("FROM B"), b.readValues(out));
        }
    }

    private static App upperCaser(String name) {
        App app = App.create(name);
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        app.agent("upper", in, (key, value, ctx) -> ctx.send(out, key, value.toUpperCase())).sendsTo(out);
        return app;
    }

    @Test
    void shouldNameEveryNodeAfterAgentsTopicsAndTables() {
        App app = App.create("names");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        KeyValueTable<String, Long> counts = app.table("counts", Codec.string(), Codec.int64());
        app.agent("count", in.rekey("by-value", (k, v) -> v, Codec.string()), (key, value, ctx) -> { })
                .uses(counts).sendsTo(out);

        List<String> nodes = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : app.topology().describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                nodes.add(node.name());
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }

        assertEquals(List.of("by-value-repartition-filter", "by-value-repartition-sink", "by-value-repartition-source",
                "by-value-select-key", "count", "count-to-out", "source-in"), nodes.stream().sorted().toList());
        assertEquals(List.of("counts"), stores);
    }

    @Test
    void shouldRekeyThroughARepartitionTopicSoTheTableIsKeyedByTheNewKey() {
        record Payment(String account, long cents) {
        }
        App app = App.create("balances");
        Topic<String, Payment> payments = app.topic("payments", Codec.string(), Codec.json(Payment.class));
        Topic<String, Long> balances = app.topic("balances-out", Codec.string(), Codec.int64());
        KeyValueTable<String, Long> table = app.table("balances", Codec.string(), Codec.int64());
        app.agent("balance", payments.rekey("payments-by-account", (id, p) -> p.account(), Codec.string()),
                (account, payment, ctx) -> ctx.send(balances, account,
                        ctx.table(table).merge(account, payment.cents(), Long::sum)))
                .uses(table).sendsTo(balances);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(payments, "p1", new Payment("acc-1", 100));
            driver.send(payments, "p2", new Payment("acc-2", 5));
            driver.send(payments, "p3", new Payment("acc-1", 250));

            assertEquals(List.of("acc-1=100", "acc-2=5", "acc-1=350"),
                    driver.read(balances).stream().map(r -> r.key() + "=" + r.value()).toList());
            assertEquals(350L, driver.get(table, "acc-1"));
            assertTrue(driver.kafkaDriver().producedTopicNames().contains("balances-payments-by-account-repartition"));
        }
    }

    @Test
    void shouldShareOneSourceBetweenAgentsAndADslJoin() {
        App app = App.create("reconcile");
        Topic<String, String> left = app.topic("left", Codec.string(), Codec.string());
        Topic<String, String> right = app.topic("right", Codec.string(), Codec.string());
        Topic<String, String> joined = app.topic("joined", Codec.string(), Codec.string());
        Topic<String, String> echoed = app.topic("echoed", Codec.string(), Codec.string());
        app.agent("echo", left, (key, value, ctx) -> ctx.send(echoed, key, value)).sendsTo(echoed);
        app.streams("join", builder -> joined.to(left.stream(builder).join(right.stream(builder),
                (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(1)),
                StreamJoined.with(Serdes.String(), left.valueSerde(), right.valueSerde())
                        .withName("left-right").withStoreName("left-right"))));

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(left, "p1", "received");
            driver.send(right, "p1", "processed");

            assertEquals(List.of("received"), driver.readValues(echoed));
            assertEquals(List.of("received+processed"), driver.readValues(joined));
        }
    }

    @Test
    void shouldRefuseADslBlockThatLeavesAnInternalTopicUnnamed() {
        App app = App.create("unnamed");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        app.streams("count", builder -> in.stream(builder)
                .groupBy((k, v) -> v, Grouped.with(Serdes.String(), Serdes.String()))
                .count());

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals("app 'unnamed': Kafka Streams refused the DSL blocks: Invalid topology: Following changelog"
                + " topic(s) has not been named: KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog; Following state"
                + " store(s) has not been named: KSTREAM-AGGREGATE-STATE-STORE-0000000002; Following repartition topic(s)"
                + " has not been named: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition. Every store and"
                + " internal topic needs a name that survives redeploys: Materialized.as(...) for stores, Grouped.as(...)"
                + " or Repartitioned.as(...) for repartition topics, StreamJoined.withName(...).withStoreName(...) for"
                + " joins", e.getMessage());
    }

    @Test
    void shouldCarryHeadersAndTimestampAndAddNewHeaders() {
        App app = App.create("headers");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        app.agent("tag", in, (key, value, ctx) -> {
            ctx.send(out, key, ctx.header("requestId") + "@" + ctx.topic() + "/" + ctx.partition() + "/" + ctx.offset());
            ctx.send(out, key, "tagged", Map.of("stage", "tag"));
            ctx.send(out, key, "stamped", Map.of(), T0.plusSeconds(99));
        }).sendsTo(out);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "v", T0.plusSeconds(7), Map.of("requestId", "r-1"));

            List<OutputRecord<String, String>> records = driver.read(out);
            assertEquals("r-1@in/0/0", records.get(0).value());
            assertEquals(Map.of("requestId", "r-1"), records.get(0).headers());
            assertEquals(T0.plusSeconds(7), records.get(0).timestamp());
            assertEquals(Map.of("requestId", "r-1", "stage", "tag"), records.get(1).headers());
            assertEquals(T0.plusSeconds(99), records.get(2).timestamp());
        }
    }

    @Test
    void shouldNameAgentAndTopicWhenSendingToATopicTheAgentDidNotDeclare() {
        App app = App.create("undeclared");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        Topic<String, String> other = app.topic("other", Codec.string(), Codec.string());
        app.agent("forward", in, (key, value, ctx) -> ctx.send(other, key, value)).sendsTo(out);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "v");

            DeadLetter letter = driver.deadLetters().get(0);
            assertEquals("forward", letter.agent());
            assertEquals("agent 'forward' sent to topic 'other', which it does not declare: add .sendsTo(other) to"
                    + " agent 'forward'", letter.message());
            assertTrue(driver.isEmpty(other));
        }
    }

    @Test
    void shouldRouteEverySendToItsOwnTopicWhenAnAgentAlternatesBetweenTopics() {
        App app = App.create("alternate");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> first = app.topic("first", Codec.string(), Codec.string());
        Topic<String, String> second = app.topic("second", Codec.string(), Codec.string());
        Topic<String, String> other = app.topic("other", Codec.string(), Codec.string());
        app.agent("split", in, (key, value, ctx) -> {
            ctx.send(first, key, value + "-1");
            ctx.send(second, key, value + "-2");
            ctx.send(first, key, value + "-3");
            if (value.equals("b")) {
                ctx.send(other, key, value); // right after a declared one: still refused
            }
        }).sendsTo(first, second);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "a");
            driver.send(in, "k", "b");

            assertEquals(List.of("a-1", "a-3", "b-1", "b-3"),
                    driver.read(first).stream().map(OutputRecord::value).toList());
            assertEquals(List.of("a-2", "b-2"), driver.read(second).stream().map(OutputRecord::value).toList());
            assertEquals("agent 'split' sent to topic 'other', which it does not declare: add .sendsTo(other) to"
                    + " agent 'split'", driver.deadLetters().get(0).message());
            assertTrue(driver.isEmpty(other));
        }
    }

    @Test
    void shouldListTablesOfBothKindsInDeclarationOrderAndUseThemThroughOneUses() {
        App app = App.create("kinds");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        WindowedTable<String, Long> perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1))));
        KeyValueTable<String, Long> totals = app.table("totals", Codec.string(), Codec.int64());
        app.agent("count", in, (key, value, ctx) -> {
            long total = ctx.table(totals).merge(key, 1L, Long::sum);
            long thisMinute = ctx.table(perMinute).merge(key, 1L, Long::sum);
            ctx.send(out, key, total + " " + thisMinute);
        }).uses(perMinute, totals).sendsTo(out);

        assertEquals(List.of("per-minute", "totals"), app.tables().stream().map(Table::name).toList());
        assertEquals(List.of("tumbling(PT1M, grace PT0S, retention PT24H)", "key-value"),
                app.tables().stream().map(Table::kind).toList());
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "a", T0);
            driver.send(in, "k", "b", T0.plusSeconds(70));

            assertEquals(List.of("1 1", "2 1"), driver.readValues(out));
            assertEquals(2L, driver.get(totals, "k"));
            assertEquals(List.of(1L, 1L), List.copyOf(driver.windows(perMinute, "k").values()));
        }
    }

    @Test
    void shouldNameAgentAndTableWhenCodeReadsATableOfTheOtherKindUnderADeclaredName() {
        App app = App.create("wrong-kind");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        KeyValueTable<String, Long> counts = app.table("counts", Codec.string(), Codec.int64());
        WindowedTable<String, Long> sameName = Table.windowed("counts", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1)));
        app.agent("count", in, (key, value, ctx) -> ctx.table(sameName).current(key)).uses(counts);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "v");

            assertEquals("agent 'count' used windowed table 'counts', which it does not declare: add .uses(counts) to"
                    + " agent 'count'", driver.deadLetters().get(0).message());
        }
    }

    @Test
    void shouldFireStreamTimeTimersAsRecordsMoveStreamTime() {
        App app = App.create("stream-timer");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, Long> fired = app.topic("fired", Codec.string(), Codec.int64());
        app.agent("watch", in, (key, value, ctx) -> { }).sendsTo(fired)
                .onStreamTime(Duration.ofMinutes(1), ctx -> ctx.send(fired, "t", ctx.timestamp()));

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "a", T0);
            driver.advanceWallClock(Duration.ofHours(1));
            driver.send(in, "k", "b", T0.plusSeconds(30));
            driver.send(in, "k", "c", T0.plusSeconds(61));

            assertEquals(List.of(T0.toEpochMilli(), T0.plusSeconds(61).toEpochMilli()), driver.readValues(fired));
        }
    }

    @Test
    void shouldWriteEveryHoppingWindowOfAnEventAndReadBackInTime() {
        App app = App.create("hopping");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        WindowedTable<String, Long> table = app.table(Table.windowed("hop", Codec.string(), Codec.int64(),
                TableWindow.hopping(Duration.ofMinutes(10), Duration.ofMinutes(5))));
        app.agent("count", in, (key, value, ctx) -> {
            LocalWindowedTable<String, Long> counts = ctx.table(table);
            counts.merge(key, 1L, Long::sum);
            ctx.send(out, key, counts.current(key) + " " + counts.delta(key, Duration.ofMinutes(5)));
        }).uses(table).sendsTo(out);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "k", "a", T0.plus(Duration.ofMinutes(3)));  // windows 23:55-00:05 and 00:00-00:10
            driver.send(in, "k", "b", T0.plus(Duration.ofMinutes(7)));  // windows 00:00-00:10 and 00:05-00:15

            assertEquals(List.of("1 1", "1 2"), driver.readValues(out));
            assertEquals(List.of(1L, 2L, 1L), List.copyOf(driver.windows(table, "k").values()));
            assertEquals(WindowRange.ofEpochMilli(T0.minus(Duration.ofMinutes(5)).toEpochMilli(),
                    T0.plus(Duration.ofMinutes(5)).toEpochMilli()), driver.windows(table, "k").firstKey());
        }
    }

    @Test
    void shouldCallTheCloseHandlerWithEachKeysFinalValueOnce() {
        App app = App.create("close-handler");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> alerts = app.topic("alerts", Codec.string(), Codec.string());
        WindowedTable<String, Long> perMinute = app.table(Table
                .windowed("per-minute", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1))
                        .withGrace(Duration.ofSeconds(10)))
                .onWindowClose((key, window, count, ctx) -> ctx.send(alerts, key, count + " in " + window)));
        app.agent("count", in, (key, value, ctx) -> ctx.table(perMinute).merge(key, 1L, Long::sum))
                .uses(perMinute).sendsTo(alerts);

        try (AppTestDriver driver = AppTestDriver.create(app, T0)) {
            driver.send(in, "a", "x", T0.plusSeconds(1));
            driver.send(in, "a", "x", T0.plusSeconds(2));
            driver.send(in, "b", "x", T0.plusSeconds(3));
            driver.advanceWallClock(Duration.ofSeconds(65));
            assertTrue(driver.isEmpty(alerts), "grace of 10 s not over at 00:01:05");

            driver.advanceWallClock(Duration.ofSeconds(10));
            List<OutputRecord<String, String>> closed = driver.read(alerts);
            assertEquals(List.of("a=2 in [2026-01-01T00:00:00Z, 2026-01-01T00:01:00Z)",
                    "b=1 in [2026-01-01T00:00:00Z, 2026-01-01T00:01:00Z)"),
                    closed.stream().map(r -> r.key() + "=" + r.value()).sorted().toList());
            assertEquals(T0.plusSeconds(60).minusMillis(1), closed.get(0).timestamp(), "the window's last millisecond");

            driver.advanceWallClock(Duration.ofMinutes(3));
            assertTrue(driver.isEmpty(alerts), "closed once");
        }
    }

    @Test
    void shouldIterateTheLocalPartOfATableAndDelete() {
        App app = App.create("iterate");
        Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("out", Codec.string(), Codec.string());
        KeyValueTable<String, String> seen = app.table(Table.of("seen", Codec.string(), Codec.string()).inMemory());
        app.agent("remember", in, (key, value, ctx) -> {
            LocalTable<String, String> table = ctx.table(seen);
            if (value.equals("forget")) {
                table.delete(key);
            } else {
                table.put(key, value);
            }
            StringBuilder all = new StringBuilder();
            table.forEach((k, v) -> all.append(k).append('=').append(v).append(' '));
            ctx.send(out, key, all.toString().trim());
        }).uses(seen).sendsTo(out);

        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(in, "b", "2");
            driver.send(in, "a", "1");
            driver.send(in, "b", "forget");

            assertEquals(List.of("b=2", "a=1 b=2", "a=1"), driver.readValues(out));
        }
    }

    @Test
    void shouldRefuseToSendToATopicNothingReads() {
        App app = upperCaser("refuse");
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> driver.send(Topic.of("out", Codec.string(), Codec.string()), "k", "v"));

            assertEquals("topic 'out' is not read by any agent or DSL block of app 'refuse', so a record sent to it"
                    + " would go nowhere: send to a source topic", e.getMessage());
        }
    }

}
