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

    /** The node after the source of a topic with an event-time field, that dead-letters records without one. */
    public static String eventTimeCheck(String topic) {
        return "event-time-" + topic;
    }

    /** A join's records of one side waiting for a match: {@code <join>-left} and {@code <join>-right}. */
    public static String joinSideStore(String join, boolean left) {
        return join + (left ? "-left" : "-right");
    }

    /** A dedupe's node, after its records met by id. */
    public static String dedupe(String dedupe) {
        return dedupe + "-dedupe";
    }

    /**
     * A dedupe's (or re-key's) node that passes the records already on their id's (new key's)
     * partition ({@code local}), or the others, to its repartition topic.
     */
    public static String keyRoute(String name, boolean local) {
        return name + (local ? "-in-place" : "-to-repartition");
    }

    /** A dedupe's (or re-key's) node where its records in place and its repartitioned ones meet. */
    public static String keyRouteMerge(String name) {
        return name + "-merge";
    }

    /** A dedupe's store of ids seen within its retention. */
    public static String dedupeStore(String dedupe) {
        return dedupe + "-seen";
    }

    /** The topic an internal repartition named {@code name} writes and reads: {@code <application id>-<name>-repartition}. */
    public static String repartitionTopic(String applicationId, String name) {
        return applicationId + "-" + name + "-repartition";
    }
}
