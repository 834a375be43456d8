package dev.mephisto.internal.model;


/**
 * The one place that spells the names derived from what an app declares: processors, sinks,
 * repartition nodes and stores, so a redeploy finds them again. (What a legal name is, is decided
 * in the face, by {@code dev.mephisto.LegalNames}.)
 */
public final class Names {

    private Names() {
    }

    public static String source(String topic) {
        return "source-" + topic;
    }

    /** A global store's source; Kafka Streams names the node {@code global-<topic>-source}, its processor {@code global-<topic>}. */
    public static String globalSource(String topic) {
        return "global-" + topic;
    }

    public static String sink(String agent, String topic) {
        return agent + "-to-" + topic;
    }

    /**
     * The agent whose sink node {@link #sink(String, String) sink(agent, topic)} named {@code node};
     * a node that is not a sink to {@code topic} names itself.
     */
    public static String agentOfSink(String node, String topic) {
        String suffix = sink("", topic);
        return node != null && node.endsWith(suffix) && node.length() > suffix.length()
                ? node.substring(0, node.length() - suffix.length()) : node;
    }

    public static String rekeySelect(String rekey) {
        return rekey + "-select-key";
    }

    /** Kafka Streams names a repartition's source node {@code <name>-repartition-source}. */
    public static String rekeySource(String rekey) {
        return rekey + "-repartition-source";
    }

    public static String windowWatermarkStore(String table) {
        return table + "-closed-until";
    }
}
