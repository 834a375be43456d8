package dev.mephisto;

/**
 * Kafka Streams DSL code that compiles into the app's topology, for
 * {@link App#streams(String, StreamsBlock)}: joins, windowed aggregations, anything the DSL does.
 *
 * <pre>{@code
 * app.streams("reconcile", builder -> builder.stream(received)
 *         .join(builder.stream(processed), Reconciled::of, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(5)),
 *               StreamJoined.with(Serdes.String(), received.valueSerde(), processed.valueSerde())
 *                       .withName("reconcile-join").withStoreName("reconcile-join"))
 *         .to(reconciled.name(), reconciled.produced()));
 * }</pre>
 */
@FunctionalInterface
public interface StreamsBlock {

    /**
     * Adds DSL operations to the app's topology; read declared topics with
     * {@link DslBuilder#stream(Topic)} and reach the raw Kafka builder with {@link DslBuilder#kafka()}.
     */
    void build(DslBuilder builder) throws Exception;
}
