package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppValidationTest {

    private final App app = App.create("orders");
    private final Topic<String, String> in = app.topic("in", Codec.string(), Codec.string());

    @Test
    void shouldRefuseAnEmptyApp() {
        InvalidAppException e = assertThrows(InvalidAppException.class, () -> App.create("empty").topology());

        assertEquals("app 'empty': it has nothing to run: declare at least one agent with app.agent(...) or"
                + " app.chain(...), or a DSL block with app.streams(...)", e.getMessage());
    }

    @Test
    void shouldRefuseDuplicateAgentNames() {
        app.agent("enrich", in, (key, value, ctx) -> { });
        app.agent("enrich", in, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("agent name 'enrich' is used twice: agent and DSL block names must be unique (each names"
                + " the processors, sinks and internal topics derived from it)"), e.problems());
    }

    @Test
    void shouldRefuseAFeedNameUsedTwiceNamingTheFeed() {
        app.feed("file", in, Feeds.stdin());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.feed("file", in, Feeds.stdin()));

        assertEquals("feed name 'file' is used twice: give each feed its own", e.getMessage());
    }

    @Test
    void shouldRefuseAFeedIntoAnUndeclaredTopicNamingTheFeed() {
        Topic<String, String> stray = Topic.of("stray", Codec.string(), Codec.string());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.feed("file", stray, Feeds.stdin()));

        assertEquals("feed 'file' uses topic 'stray', which the app does not declare: declare it with app.topic(...)"
                + " first", e.getMessage());
    }

    @Test
    void shouldRefuseADslBlockNamedLikeAnAgent() {
        app.agent("enrich", in, (key, value, ctx) -> { });
        app.streams("enrich", builder -> in.stream(builder).foreach((k, v) -> { }));

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("DSL block name 'enrich' is already used by another agent or DSL block: give it a unique"
                + " name"), e.problems());
    }

    @Test
    void shouldRefuseATopicDeclaredTwiceDifferently() {
        app.topic(Topic.of("in", Codec.string(), Codec.string()).withPartitions(3));
        app.agent("enrich", in, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("topic 'in' is declared twice, as Topic(in, string -> string) and as"
                + " Topic(in, string -> string): declare it once and reuse the Topic object"), e.problems());
    }

    @Test
    void shouldAcceptTheSameTopicDeclaredTwiceAlike() {
        Topic<String, String> again = app.topic("in", Codec.string(), Codec.string());
        app.agent("enrich", again, (key, value, ctx) -> { });

        assertEquals(1, app.topics().size());
        app.topology();
    }

    @Test
    void shouldRefuseATableDeclaredTwice() {
        KeyValueTable<String, Long> counts = app.table("counts", Codec.string(), Codec.int64());
        app.table("counts", Codec.string(), Codec.string());
        app.agent("count", in, (key, value, ctx) -> { }).uses(counts);

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("table 'counts' is declared twice: table names must be unique (each is a state store"
                + " and a changelog topic)"), e.problems());
    }

    @Test
    void shouldNameAgentAndTopicWhenTheSendTargetIsNotDeclared() {
        Topic<String, String> out = Topic.of("out", Codec.string(), Codec.string());
        app.agent("enrich", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals("app 'orders': agent 'enrich' sends to topic 'out', which the app does not declare: declare it"
                + " with app.topic(\"out\", ...)", e.getMessage());
    }

    @Test
    void shouldNameAgentAndTopicWhenTheSourceIsNotDeclared() {
        Topic<String, String> other = Topic.of("other", Codec.string(), Codec.string());
        app.agent("enrich", other, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("agent 'enrich' reads topic 'other', which the app does not declare: declare it with"
                + " app.topic(\"other\", ...)"), e.problems());
    }

    @Test
    void shouldNameAgentAndTableWhenTheTableIsNotDeclared() {
        KeyValueTable<String, Long> counts = Table.of("counts", Codec.string(), Codec.int64());
        app.agent("count", in, (key, value, ctx) -> { }).uses(counts);

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("agent 'count' uses table 'counts', which the app does not declare: declare it with"
                + " app.table(...)"), e.problems());
    }

    @Test
    void shouldSayWhenAWindowedTableIsUsedAsAPlainOne() {
        WindowedTable<String, Long> windowed = app.table(Table.windowed("counts", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1))));
        app.agent("count", in, (key, value, ctx) -> { }).uses(windowed)
                .uses(Table.of("counts", Codec.string(), Codec.int64()));

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("agent 'count' uses table 'counts', which the app does not declare as a plain table"
                + " (it is a windowed table): declare it with app.table(...)"), e.problems());
    }

    @Test
    void shouldSayWhenAPlainTableIsUsedAsAWindowedOne() {
        KeyValueTable<String, Long> plain = app.table("counts", Codec.string(), Codec.int64());
        app.agent("count", in, (key, value, ctx) -> { })
                .uses(Table.windowed("counts", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1))));

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("agent 'count' uses windowed table 'counts', which the app does not declare as a windowed"
                + " table (it is a plain table): declare it with app.table(Table.windowed(...))"), e.problems());
    }

    @Test
    void shouldRefuseAWindowedTableNamedLikeAKeyValueOne() {
        KeyValueTable<String, Long> counts = app.table("counts", Codec.string(), Codec.int64());
        app.table(Table.windowed("counts", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1))));
        app.agent("count", in, (key, value, ctx) -> { }).uses(counts);

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("table 'counts' is declared twice: table names must be unique (each is a state store"
                + " and a changelog topic)"), e.problems());
    }

    @Test
    void shouldRefuseATableNoAgentUses() {
        app.table("counts", Codec.string(), Codec.int64());
        app.agent("enrich", in, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("table 'counts' is declared but no agent uses it: add .uses(counts) to the agent that"
                + " reads or writes it, or remove the declaration"), e.problems());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        Topic<String, String> out = Topic.of("out", Codec.string(), Codec.string());
        app.agent("a", in, (key, value, ctx) -> { }).sendsTo(out);
        app.agent("a", in, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().startsWith("app 'orders' has 2 problems:\n  - "), e.getMessage());
    }

    @Test
    void shouldNameTheDslBlockThatReadsAnUndeclaredTopic() {
        Topic<String, String> other = Topic.of("other", Codec.string(), Codec.string());
        app.streams("copy", builder -> other.stream(builder).to("in"));

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);

        assertEquals(List.of("DSL block 'copy' reads topic 'other', which the app does not declare: declare it with"
                + " app.topic(...)"), e.problems());
    }

    @Test
    void shouldRefuseDeclarationsAfterCompiling() {
        app.agent("enrich", in, (key, value, ctx) -> { });
        app.topology();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> app.topic("late", Codec.string(), Codec.string()));

        assertEquals("app 'orders' is already compiled, so it is too late to declare topic 'late': declare everything"
                + " before calling topology(), main() or creating a test driver", e.getMessage());
    }

    @Test
    void shouldRefuseIllegalNamesWhereTheyAreWritten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.topic("bad topic", Codec.string(), Codec.string()));

        assertEquals("topic name 'bad topic' is not legal: use 1 to 200 characters from a-z, A-Z, 0-9, '.', '_'"
                + " and '-'", e.getMessage());
    }
}
