package dev.mephisto;

import org.apache.kafka.streams.StreamsBuilder;

/**
 * Kafka Streams DSL code that compiles into the app's topology, for
 * {@link App#streams(String, StreamsBlock)}: joins, windowed aggregations, anything the DSL does.
 *
 * <pre>{@code
 * app.streams("reconcile", builder -> received.stream(builder)
 *         .join(processed.stream(builder), Reconciled::of, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(5)),
 *               StreamJoined.with(Serdes.String(), received.valueSerde(), processed.valueSerde())
 *                       .withName("reconcile-join").withStoreName("reconcile-join"))
 *         .to(reconciled.name(), reconciled.produced()));
 * }</pre>
 */
@FunctionalInterface
public interface StreamsBlock {

    /** Adds DSL operations to the builder; read declared topics with {@link Topic#stream(StreamsBuilder)}. */
    void build(StreamsBuilder builder) throws Exception;
}
