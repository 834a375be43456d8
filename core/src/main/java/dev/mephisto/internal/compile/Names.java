package dev.mephisto.internal.compile;

import java.util.Objects;
import java.util.regex.Pattern;

/** The one place that decides what a legal name is and how derived names are spelled. */
public final class Names {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_LENGTH = 200;

    private Names() {
    }

    /**
     * Checks a name that ends up in Kafka (topic, application id, store, processor).
     *
     * @param kind what is being named, for the message: {@code "topic"}, {@code "agent"}, ...
     */
    public static String requireLegal(String kind, String name) {
        Objects.requireNonNull(name, kind + " name can't be null");
        if (name.isEmpty() || name.length() > MAX_LENGTH || !LEGAL.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is not legal: use 1 to " + MAX_LENGTH
                    + " characters from a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        return name;
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
