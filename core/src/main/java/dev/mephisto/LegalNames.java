package dev.mephisto;

import java.util.Objects;
import java.util.regex.Pattern;

/** The one place that decides what a legal name is: of an app, topic, table, agent, block, sink or feed. */
final class LegalNames {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_LENGTH = 200;

    private LegalNames() {
    }

    /**
     * Checks a name that ends up in Kafka (topic, application id, store, processor).
     *
     * @param kind what is being named, for the message: {@code "topic"}, {@code "agent"}, ...
     */
    static String requireLegal(String kind, String name) {
        Objects.requireNonNull(name, kind + " name can't be null");
        if (name.isEmpty() || name.length() > MAX_LENGTH || !LEGAL.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is not legal: use 1 to " + MAX_LENGTH
                    + " characters from a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        return name;
    }
}
