package dev.mephisto;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Mephisto's builder for the DSL blocks of {@link App#streams(String, StreamsBlock)}: reads
 * declared topics as Kafka Streams {@link KStream}s, each from one shared source node, and hands
 * out the raw Kafka {@link StreamsBuilder} for everything else the DSL offers.
 *
 * <pre>{@code
 * app.streams("reconcile", builder -> builder.stream(received)
 *         .join(builder.stream(processed), Reconciled::of, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMinutes(5)),
 *               StreamJoined.with(Serdes.String(), received.valueSerde(), processed.valueSerde())
 *                       .withName("reconcile-join").withStoreName("reconcile-join"))
 *         .to(reconciled.name(), reconciled.produced()));
 * }</pre>
 */
public interface DslBuilder {

    /**
     * A declared topic as a stream. Within one app each topic is read once, so agents and DSL
     * blocks over the same topic share one source node named {@code source-<topic>}; a topic the
     * app does not declare fails the compile, naming the block.
     */
    <K, V> KStream<K, V> stream(Topic<K, V> topic);

    /**
     * Reads a declared topic whole into a global key-value store on every worker: see
     * {@link Topic#globalStore(DslBuilder, String)}, which checks the store's name first.
     */
    <K, V> void globalStore(Topic<K, V> topic, String storeName);

    /**
     * The escape hatch: the raw Kafka Streams builder the app compiles with, for DSL operations
     * that start from something other than a declared topic. Read declared topics with
     * {@link #stream(Topic)}, not with {@code kafka().stream(name)}: Kafka Streams refuses a second
     * source node for one topic.
     */
    StreamsBuilder kafka();
}
