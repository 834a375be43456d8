package dev.mephisto;

import dev.mephisto.internal.model.AgentSpec;
import dev.mephisto.internal.model.AppModel;
import dev.mephisto.internal.model.ChainSpec;
import dev.mephisto.internal.compile.CompiledApp;
import dev.mephisto.internal.compile.TopologyCompiler;
import dev.mephisto.internal.runtime.StreamsProperties;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.Topology;

/**
 * A Mephisto application (Faust's {@code faust.App}): the topics, tables, agents and DSL blocks
 * of one Kafka Streams application, compiled into one {@link Topology}.
 *
 * <p>Declare everything, then run it: {@link #topology()} compiles once and closes the app for
 * changes. Apps hold no static state, so several can live in one JVM. The command line
 * ({@code dev.mephisto.cli.Cli}) runs it: {@code Cli.main(args, settings -> app)}.
 *
 * <pre>{@code
 * App app = App.create("payments", config -> config.withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE));
 * Topic<String, Payment> received = app.topic("incoming_payment_received", Codec.string(), Codec.json(Payment.class));
 * Topic<String, Processed> processed = app.topic("incoming_payment_processed", Codec.string(), Codec.json(Processed.class));
 * app.agent("attribute", received, (key, payment, ctx) -> ctx.send(processed, key, attribute(payment)))
 *    .sendsTo(processed);
 * }</pre>
 */
public final class App {

    private final String name;
    private final AppConfig config;
    private final AppModel model;
    private final List<dev.mephisto.internal.model.SinkSpec<?, ?>> sinks = new java.util.ArrayList<>();
    private final List<dev.mephisto.internal.model.FeedSpec<?, ?>> feeds = new java.util.ArrayList<>();
    private final dev.mephisto.internal.runtime.DeadLetterTopic deadLetters = new dev.mephisto.internal.runtime.DeadLetterTopic();
    private CompiledApp compiled;

    private App(String name, AppConfig config) {
        this.name = name;
        this.config = config;
        this.model = new AppModel(name);
    }

    /** An app with default settings: at-least-once, one stream thread, an embedded broker for the worker. */
    public static App create(String name) {
        return create(name, AppConfig.defaults());
    }

    /**
     * An app configured by a lambda over the default {@link AppConfig}; {@code name} is the Kafka
     * Streams application id (plus {@code -v<version>} from version 2 on).
     *
     * <pre>{@code
     * App app = App.create("chat", config -> config.withBroker("localhost:9092").withThreads(2));
     * }</pre>
     */
    public static App create(String name, UnaryOperator<AppConfig> configure) {
        Objects.requireNonNull(configure, "configure can't be null (app '" + name + "')");
        return create(name, Objects.requireNonNull(configure.apply(AppConfig.defaults()),
                "configure returned null (app '" + name + "'): return the config, as in config -> config.withThreads(2)"));
    }

    /** An app with this config: {@code App.create("orders", AppConfig.defaults().withTopicPartitions(6))}. */
    public static App create(String name, AppConfig config) {
        LegalNames.requireLegal("app", name);
        Objects.requireNonNull(config, "config can't be null (app '" + name + "')");
        return new App(name, config);
    }

    /** The app's name. */
    public String name() {
        return name;
    }

    /** The Kafka Streams application id: the name, plus {@code -v<version>} for versions above 1. */
    public String applicationId() {
        return config.version() == 1 ? name : name + "-v" + config.version();
    }

    /** The topic that receives this app's bad input: {@code <application id>.dlq} unless configured. */
    public String deadLetterTopic() {
        return config.deadLetterTopic().orElse(applicationId() + ".dlq");
    }

    /** The app's settings. */
    public AppConfig config() {
        return config;
    }

    /** Declares a topic with the app's default partitions and replication, and returns it. */
    public <K, V> Topic<K, V> topic(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return topic(Topic.of(name, keyCodec, valueCodec));
    }

    /**
     * Declares a topic description made with {@link Topic#of} and its {@code withX} methods.
     * Declaring the same name again with the same description returns the first declaration.
     */
    public <K, V> Topic<K, V> topic(Topic<K, V> topic) {
        Objects.requireNonNull(topic, "topic can't be null");
        Topic<?, ?> existing = model.topics().get(topic.name());
        return model.addTopic(topic, existing != null && existing.sameAs(topic));
    }

    /**
     * Declares a key-value table and returns it: {@code app.table(Table.of(name, keyCodec, valueCodec))}.
     *
     * <pre>{@code
     * KeyValueTable<String, Long> counts = app.table("word-counts", Codec.string(), Codec.int64());
     * }</pre>
     */
    public <K, V> KeyValueTable<K, V> table(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return table(Table.of(name, keyCodec, valueCodec));
    }

    /**
     * Declares a table of either kind, made with {@link Table#of} or {@link Table#windowed} and their
     * options, and returns it.
     *
     * <pre>{@code
     * KeyValueTable<String, Seen> seen = app.table(Table.of("seen", Codec.string(), Codec.json(Seen.class)).inMemory());
     * WindowedTable<String, Long> perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
     *         TableWindow.tumbling(Duration.ofMinutes(1))));
     * }</pre>
     */
    public <T extends Table<?, ?, ?>> T table(T table) {
        Objects.requireNonNull(table, "table can't be null");
        model.addTable(table);
        return table;
    }

    /**
     * Declares an agent over one source: {@code function} runs for every record of it.
     *
     * <pre>{@code
     * app.agent("print", lines, (key, line, ctx) -> System.out.println(line));
     * }</pre>
     */
    public <K, V> Agent agent(String name, Source<K, V> source, AgentFunction<K, V> function) {
        Objects.requireNonNull(source, "source can't be null (agent '" + name + "')");
        return agent(name, List.of(source), function);
    }

    /**
     * Declares an agent over several sources of the same types; each record of each source is
     * seen once, and {@link AgentContext#topic()} tells which it came from.
     */
    public <K, V> Agent agent(String name, List<? extends Source<K, V>> sources, AgentFunction<K, V> function) {
        LegalNames.requireLegal("agent", name);
        Objects.requireNonNull(sources, "sources can't be null (agent '" + name + "')");
        Objects.requireNonNull(function, "function can't be null (agent '" + name + "')");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("agent '" + name + "' needs at least one source topic");
        }
        sources.forEach(source -> Objects.requireNonNull(source, "a source of agent '" + name + "' is null"));
        AgentSpec agent = new AgentSpec(model::requireOpen, name, sources, function);
        model.addAgent(agent);
        return agent;
    }

    /**
     * Declares a stream–stream join of two sources of the same key, on event time: {@code onMatch}
     * runs once per pair of records within {@code window}, and the join's unmatched functions once per
     * record that found no partner by the time its window and grace closed (see {@link Join} and
     * {@link JoinWindow}). Each source's event time is its topic's ({@link Topic#withEventTime}).
     *
     * <pre>{@code
     * app.join("reconcile", received, processed, JoinWindow.within(Duration.ofSeconds(30)),
     *         (paymentId, r, p, ctx) -> ctx.send(reconciled, paymentId, Reconciled.of(r, p)))
     *    .onUnmatchedLeft((paymentId, r, ctx) -> ctx.send(overdue, paymentId, Overdue.of(r)))
     *    .sendsTo(reconciled, overdue);
     * }</pre>
     */
    public <K, L, R> Join<K, L, R> join(String name, Source<K, L> left, Source<K, R> right, JoinWindow window,
            JoinFunction<K, L, R> onMatch) {
        LegalNames.requireLegal("join", name);
        Objects.requireNonNull(left, "left can't be null (join '" + name + "')");
        Objects.requireNonNull(right, "right can't be null (join '" + name + "')");
        Objects.requireNonNull(window, "window can't be null (join '" + name + "')");
        Objects.requireNonNull(onMatch, "onMatch can't be null (join '" + name + "')");
        if (left.name().equals(right.name())) {
            throw new IllegalArgumentException("join '" + name + "' reads '" + left.name() + "' on both sides: join"
                    + " two different sources");
        }
        dev.mephisto.internal.model.JoinSpec<K, L, R> join =
                new dev.mephisto.internal.model.JoinSpec<>(model::requireOpen, name, left, right, window, onMatch);
        model.addAgent(join.agent());
        return join;
    }

    /**
     * Declares a stream–table lookup: {@code onRow} runs for every record of {@code source} whose key
     * has a row in {@code table}, with that row as it is now; records without one go to
     * {@link Lookup#onMissing} (or to the dead-letter topic). See {@link Lookup}.
     *
     * <pre>{@code
     * app.lookup("price", orders, prices, (sku, order, price, ctx) -> ctx.send(priced, sku, order.at(price)))
     *    .sendsTo(priced);
     * }</pre>
     */
    public <K, V, R> Lookup<K, V, R> lookup(String name, Source<K, V> source, KeyValueTable<K, R> table,
            LookupFunction<K, V, R> onRow) {
        return lookup(name, source, (Table<K, R, ?>) table, (key, ctx) -> ctx.table(table).get(key), onRow);
    }

    /**
     * Declares an as-of lookup on a versioned table: {@code onRow} gets the row of the record's key as it
     * was at the record's event time ({@link Topic#withEventTime}), so a payment sees its account as it was
     * when it was paid, also when replayed later. Records with no row at that time go to
     * {@link Lookup#onMissing} (or to the dead-letter topic). See {@link Lookup}.
     *
     * <pre>{@code
     * app.lookup("enrich", payments, accounts,
     *         (accountId, payment, account, ctx) -> ctx.send(enriched, accountId, Enriched.of(payment, account)))
     *    .onMissing((accountId, payment, ctx) -> ctx.send(unknownAccount, accountId, payment))
     *    .sendsTo(enriched, unknownAccount);
     * }</pre>
     */
    public <K, V, R> Lookup<K, V, R> lookup(String name, Source<K, V> source, VersionedTable<K, R> table,
            LookupFunction<K, V, R> onRow) {
        return lookup(name, source, (Table<K, R, ?>) table, (key, ctx) -> ctx.table(table).get(key), onRow);
    }

    private <K, V, R> Lookup<K, V, R> lookup(String name, Source<K, V> source, Table<K, R, ?> table,
            java.util.function.BiFunction<K, AgentContext, R> rowOf, LookupFunction<K, V, R> onRow) {
        LegalNames.requireLegal("lookup", name);
        Objects.requireNonNull(source, "source can't be null (lookup '" + name + "')");
        Objects.requireNonNull(table, "table can't be null (lookup '" + name + "')");
        Objects.requireNonNull(onRow, "onRow can't be null (lookup '" + name + "')");
        if (!source.keyCodec().equals(table.keyCodec())) {
            throw new IllegalArgumentException("lookup '" + name + "' reads '" + source.name() + "' keyed by "
                    + source.keyCodec().describe() + " in table '" + table.name() + "' keyed by "
                    + table.keyCodec().describe() + ": both need the same key codec, or equal keys land on different"
                    + " partitions (re-key the source with topic.rekey(...))");
        }
        dev.mephisto.internal.model.LookupSpec<K, V, R> lookup =
                new dev.mephisto.internal.model.LookupSpec<>(model::requireOpen, name, source, table, rowOf, onRow);
        model.addAgent(lookup.agent());
        return lookup;
    }

    /**
     * Declares an agent written as a chain of steps over one source (hopeit's steps).
     *
     * <pre>{@code
     * app.chain("validate", submitted)
     *    .step(text -> text.length() < 3 ? null : text.trim())
     *    .to(valid);
     * }</pre>
     */
    public <K, V> Chain<K, V> chain(String name, Source<K, V> source) {
        LegalNames.requireLegal("agent", name);
        Objects.requireNonNull(source, "source can't be null (chain '" + name + "')");
        AgentSpec agent = new AgentSpec(model::requireOpen, name, List.of(source), (key, value, ctx) -> { });
        model.addAgent(agent);
        return ChainSpec.start(agent);
    }

    /**
     * Declares a block of Kafka Streams DSL code compiled into the same topology: joins, windowed
     * aggregations, anything the DSL offers. Read declared topics with
     * {@link Topic#stream(org.apache.kafka.streams.StreamsBuilder)}; name every operation that
     * creates an internal topic or store, or the compile fails (names must survive redeploys).
     */
    public App streams(String name, StreamsBlock block) {
        LegalNames.requireLegal("DSL block", name);
        Objects.requireNonNull(block, "block can't be null (DSL block '" + name + "')");
        model.addStreamsBlock(new AppModel.StreamsBlockSpec(name, block));
        return this;
    }

    /** Each agent's counters; filled when the app compiles. Internal: for the worker's STATS and metrics. */
    List<dev.mephisto.internal.runtime.AgentMetrics> agentMetrics() {
        return compiled().agentMetrics();
    }

    /** The dead-letter topic's counters (cut to fit, not written). Internal: for the worker's metrics. */
    dev.mephisto.internal.runtime.DeadLetterTopic deadLetters() {
        return deadLetters;
    }

    /**
     * Declares a sink: the worker delivers every record of {@code topic} to {@code sink}, outside
     * the stream threads, in its own consumer group {@code <application id>-sink-<name>}.
     *
     * <pre>{@code
     * app.sink("saved-messages", processed, Sinks.jsonFiles(Path.of("processed_messages")));
     * }</pre>
     */
    public <K, V> App sink(String name, Topic<K, V> topic, Sink<K, V> sink) {
        LegalNames.requireLegal("sink", name);
        Objects.requireNonNull(topic, "topic can't be null (sink '" + name + "')");
        Objects.requireNonNull(sink, "sink can't be null (sink '" + name + "')");
        model.requireOpen("declare sink '" + name + "'");
        if (sinks.stream().anyMatch(declared -> declared.name().equals(name))) {
            throw new IllegalArgumentException("sink name '" + name + "' is used twice: it names the sink's consumer"
                    + " group, so give each sink its own");
        }
        requireDeclaredTopic(topic, "sink '" + name + "'");
        sinks.add(new dev.mephisto.internal.model.SinkSpec<>(name, topic, sink));
        return this;
    }

    /**
     * Declares a feed: the worker runs {@code feed} in its own thread and produces what it emits to
     * {@code topic} (an agent reads a {@link Source}; a feed writes into one from outside Kafka).
     *
     * <pre>{@code
     * app.feed("stdin", lines, Feeds.stdin());
     * }</pre>
     */
    public <K, V> App feed(String name, Topic<K, V> topic, Feed<V> feed) {
        LegalNames.requireLegal("feed", name);
        Objects.requireNonNull(topic, "topic can't be null (feed '" + name + "')");
        Objects.requireNonNull(feed, "feed can't be null (feed '" + name + "')");
        model.requireOpen("declare feed '" + name + "'");
        if (feeds.stream().anyMatch(declared -> declared.name().equals(name))) {
            throw new IllegalArgumentException("feed name '" + name + "' is used twice: give each feed its own");
        }
        requireDeclaredTopic(topic, "feed '" + name + "'");
        feeds.add(new dev.mephisto.internal.model.FeedSpec<>(name, topic, feed));
        return this;
    }

    private void requireDeclaredTopic(Topic<?, ?> topic, String what) {
        if (!model.topics().containsKey(topic.name())) {
            throw new IllegalArgumentException(what + " uses topic '" + topic.name() + "', which the app does not"
                    + " declare: declare it with app.topic(...) first");
        }
    }

    /** The declared sinks, for the worker. */
    List<dev.mephisto.internal.model.SinkSpec<?, ?>> sinks() {
        return List.copyOf(sinks);
    }

    /** The declared feeds, for the worker. */
    List<dev.mephisto.internal.model.FeedSpec<?, ?>> feeds() {
        return List.copyOf(feeds);
    }

    /** The declared topics, in declaration order. */
    public List<Topic<?, ?>> topics() {
        return List.copyOf(model.topics().values());
    }

    /** The declared tables of both kinds, in declaration order. */
    public List<Table<?, ?, ?>> tables() {
        return List.copyOf(model.tables().values());
    }

    /** The declared agents and chains, in declaration order. */
    public List<Agent> agents() {
        return List.copyOf(model.agents());
    }

    /** The names of the declared DSL blocks. */
    public List<String> streamsBlocks() {
        return model.streamsBlocks().stream().map(AppModel.StreamsBlockSpec::name).toList();
    }

    /**
     * The compiled Kafka Streams topology; compiled on the first call, after which the app takes no
     * more declarations.
     *
     * @throws InvalidAppException listing every problem in the declarations
     */
    public Topology topology() {
        return compiled().topology();
    }

    private synchronized CompiledApp compiled() {
        if (compiled == null) {
            compiled = new TopologyCompiler(model, streamsProperties()).compile();
        }
        return compiled;
    }

    /**
     * The Kafka Streams properties of this app: application id, bootstrap servers, guarantee,
     * threads, state directory and replication, then the raw {@code kafka(...)} settings on top.
     * With {@link #topology()} it is all plain Kafka Streams needs:
     * {@code new KafkaStreams(app.topology(), app.streamsProperties())}.
     */
    public Properties streamsProperties() {
        return StreamsProperties.of(applicationId(), deadLetterTopic(), config, deadLetters);
    }

    // ---- operations: the topology page and the app's own HTTP routes (issue 17) ----

    /**
     * The topology as one self-contained HTML page, drawn as SVG at two zoom levels (agents, tables
     * and topics as declared; Kafka Streams' processors per sub-topology) with the text: what a
     * worker serves at {@code GET /topology?format=html} and {@code topology --format html} writes.
     * It loads nothing from the network.
     *
     * <pre>{@code
     * Files.writeString(Path.of("topology.html"), app.topologyHtml());
     * }</pre>
     */
    public String topologyHtml() {
        java.util.Map<String, String> sinkTopics = new java.util.LinkedHashMap<>();
        sinks.forEach(sink -> sinkTopics.put(sink.name(), sink.topic().name()));
        java.util.Map<String, String> feedTopics = new java.util.LinkedHashMap<>();
        feeds.forEach(feed -> feedTopics.put(feed.name(), feed.topic().name()));
        return dev.mephisto.internal.web.TopologyPage.html(name(), topics().stream().map(Topic::name).toList(),
                agents(), tables(), streamsBlocks(), sinkTopics, feedTopics, topology().describe());
    }

    /**
     * Adds an HTTP route of the app's own to every worker's server, beside the built-in endpoints
     * (Faust's web views, {@code @app.page}). {@code {name}} segments of the path match any one
     * segment; the handler gets the request id and JSON helpers. A table lookup inside a handler
     * reads this worker's partitions: for any key, use the routed {@code GET /tables/{table}/{key}}.
     *
     * <pre>{@code
     * app.route("GET", "/customers/{id}/greeting",
     *         request -> WebResponse.json(Map.of("hello", request.pathParam("id"))));
     * }</pre>
     *
     * @throws IllegalArgumentException for a path under a built-in endpoint ({@link Route#RESERVED}),
     *     or the same method and path declared twice
     */
    public App route(String method, String path, WebHandler handler) {
        Route route = new Route(method, path, handler);
        model.requireOpen("declare route " + route.method() + " " + path);
        for (Route declared : routes) {
            if (declared.method().equals(route.method()) && declared.segments().size() == route.segments().size()
                    && sameShape(declared.segments(), route.segments())) {
                throw new IllegalArgumentException("route " + route.method() + " " + path + " matches the same requests"
                        + " as route " + declared.method() + " " + declared.path() + ": declare each path once");
            }
        }
        routes.add(route);
        return this;
    }

    private static boolean sameShape(List<String> one, List<String> other) {
        for (int i = 0; i < one.size(); i++) {
            boolean bothParams = one.get(i).startsWith("{") && other.get(i).startsWith("{");
            if (!bothParams && !one.get(i).equals(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The app's own HTTP routes ({@link #route}), in declaration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private final List<Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

    // ---- end of operations ----

    @Override
    public String toString() {
        return "App(" + applicationId() + ")";
    }
}
