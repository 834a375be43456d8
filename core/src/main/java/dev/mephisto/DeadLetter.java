package dev.mephisto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A record that could not be processed, as it sits on the app's dead-letter topic: the original
 * key and value bytes, the original headers, and headers saying what went wrong and where.
 *
 * <pre>{@code
 * for (DeadLetter letter : driver.deadLetters()) {
 *     System.out.println(letter.kind() + " at " + letter.topic() + "/" + letter.partition() + "@" + letter.offset()
 *             + " in " + letter.agent() + ": " + letter.message());
 * }
 * }</pre>
 *
 * @param kind what failed: {@link Kind#DECODE}, {@link Kind#REJECTED}, {@link Kind#AGENT_FAILED},
 *     {@link Kind#SEND_FAILED} or {@link Kind#LATE} ({@link Kind#UNKNOWN} for a kind this version does not know)
 * @param error the exception's class name (or {@code rejected})
 * @param message the reason, one line
 * @param topic the topic the record was read from
 * @param partition its partition
 * @param offset its offset
 * @param agent the agent (processor) that was handling it, or {@code null} for a decode failure
 * @param failedAt when it failed
 * @param requestId the request id the record carried, or {@code null}
 * @param key the original key bytes
 * @param value the original value bytes
 * @param headers every header of the dead letter as UTF-8 text
 *
 * <p>A dead letter always fits its topic: when the original record and the error headers would
 * exceed the producer's {@code max.request.size} or the topic's {@code max.message.bytes}, the key
 * and value are cut and {@link #HEADER_TRUNCATED} says so, with the original sizes and digests.
 */
public record DeadLetter(Kind kind, String error, String message, String topic, int partition, long offset,
        String agent, Instant failedAt, String requestId, byte[] key, byte[] value, Map<String, String> headers) {

    /**
     * What failed, one of a closed set; its {@link #headerValue()} is what the dead letter's
     * {@link #HEADER_KIND} header carries ({@code decode}, {@code rejected}, {@code agent-failed},
     * {@code send-failed}).
     *
     * <pre>{@code
     * switch (letter.kind()) {
     *     case DECODE -> fixTheProducer(letter);
     *     case REJECTED -> review(letter);
     *     default -> retry(letter);
     * }
     * }</pre>
     */
    public enum Kind {
        /** The key or value did not decode with the topic's codec (or a feed's text did not parse). */
        DECODE("decode"),
        /** An agent rejected the record on purpose with {@link AgentContext#reject(String)}, or a validator refused it. */
        REJECTED("rejected"),
        /** An agent threw an exception. */
        AGENT_FAILED("agent-failed"),
        /** A record the agent sent could not be encoded or written. */
        SEND_FAILED("send-failed"),
        /**
         * A record that came past its window's grace: its event time was more than the grace behind
         * stream time when it arrived, so the window it belongs to had closed. Never dropped silently:
         * {@link #HEADER_EVENT_TIME}, {@link #HEADER_WINDOW} and {@link #HEADER_STREAM_TIME} say by how much.
         */
        LATE("late"),
        /**
         * A header this version does not know (written by a newer Mephisto, or by hand), or none: the
         * header's own text is still in {@link DeadLetter#headers()} under {@link #HEADER_KIND}.
         */
        UNKNOWN("unknown");

        private final String headerValue;

        Kind(String headerValue) {
            this.headerValue = headerValue;
        }

        /** The text of the {@link #HEADER_KIND} header for this kind, such as {@code agent-failed}. */
        public String headerValue() {
            return headerValue;
        }

        /**
         * The kind a {@link #HEADER_KIND} header names; {@link #UNKNOWN} for {@code null} or a value
         * this version does not know, never an exception (a dead-letter topic outlives versions).
         *
         * <pre>{@code
         * DeadLetter.Kind.fromHeader("decode");    // DECODE
         * DeadLetter.Kind.fromHeader("timeout");   // UNKNOWN
         * }</pre>
         */
        public static Kind fromHeader(String value) {
            for (Kind kind : values()) {
                if (kind != UNKNOWN && kind.headerValue.equals(value)) {
                    return kind;
                }
            }
            return UNKNOWN;
        }
    }

    public static final String HEADER_KIND = "mephisto.error.kind";
    public static final String HEADER_ERROR = "mephisto.error.class";
    public static final String HEADER_MESSAGE = "mephisto.error.message";
    public static final String HEADER_STACKTRACE = "mephisto.error.stacktrace";
    public static final String HEADER_TOPIC = "mephisto.source.topic";
    public static final String HEADER_PARTITION = "mephisto.source.partition";
    public static final String HEADER_OFFSET = "mephisto.source.offset";
    public static final String HEADER_AGENT = "mephisto.agent";
    public static final String HEADER_FAILED_AT = "mephisto.failed.at";
    public static final String HEADER_TARGET_TOPIC = "mephisto.target.topic";
    /** With {@link Kind#LATE}: the record's event time, ISO-8601. */
    public static final String HEADER_EVENT_TIME = "mephisto.late.event-time";
    /** With {@link Kind#LATE}: the window it belonged to, {@code <start>/<end>} in ISO-8601. */
    public static final String HEADER_WINDOW = "mephisto.late.window";
    /** With {@link Kind#LATE}: the stream time when it arrived, ISO-8601. */
    public static final String HEADER_STREAM_TIME = "mephisto.late.stream-time";
    /**
     * Present when the dead letter had to be cut to fit the dead-letter topic's size limit: what was
     * cut, as a comma-separated list of {@code key}, {@code value} and {@code headers} (the original
     * record's own headers, dropped only when they alone do not fit). The key and value that remain
     * are prefixes of the original ones.
     *
     * <pre>{@code
     * if (letter.headers().containsKey(DeadLetter.HEADER_TRUNCATED)) {
     *     String digest = letter.headers().get(DeadLetter.HEADER_ORIGINAL_VALUE_SHA256);
     * }
     * }</pre>
     */
    public static final String HEADER_TRUNCATED = "mephisto.truncated";
    /** With {@link #HEADER_TRUNCATED}: the original key's size in bytes ({@code -1} for a null key). */
    public static final String HEADER_ORIGINAL_KEY_SIZE = "mephisto.original.key.size";
    /** With {@link #HEADER_TRUNCATED}: the original value's size in bytes ({@code -1} for a null value). */
    public static final String HEADER_ORIGINAL_VALUE_SIZE = "mephisto.original.value.size";
    /** With {@link #HEADER_TRUNCATED}: the SHA-256 digest of the original key, lower-case hex (absent for a null key). */
    public static final String HEADER_ORIGINAL_KEY_SHA256 = "mephisto.original.key.sha256";
    /** With {@link #HEADER_TRUNCATED}: the SHA-256 digest of the original value, lower-case hex (absent for a null value). */
    public static final String HEADER_ORIGINAL_VALUE_SHA256 = "mephisto.original.value.sha256";

    /** The longest {@link #HEADER_MESSAGE} a dead letter carries, in characters; a longer reason is cut. */
    public static final int MAX_MESSAGE_CHARS = 2_000;
    /** The longest {@link #HEADER_STACKTRACE} a dead letter carries, in characters; a longer trace is cut. */
    public static final int MAX_STACKTRACE_CHARS = 8_000;

    /** Reads a dead letter from a record of the dead-letter topic. */
    public static DeadLetter of(byte[] key, byte[] value, Map<String, String> headers) {
        return new DeadLetter(Kind.fromHeader(headers.get(HEADER_KIND)), headers.get(HEADER_ERROR), headers.get(HEADER_MESSAGE),
                headers.get(HEADER_TOPIC), parseInt(headers.get(HEADER_PARTITION)), parseLong(headers.get(HEADER_OFFSET)),
                headers.get(HEADER_AGENT), headers.containsKey(HEADER_FAILED_AT)
                        ? Instant.parse(headers.get(HEADER_FAILED_AT)) : null,
                headers.get(AgentContext.REQUEST_ID_HEADER), key, value, Map.copyOf(headers));
    }

    /** Whether this dead letter was cut to fit its topic (see {@link #HEADER_TRUNCATED}). */
    public boolean truncated() {
        return headers.containsKey(HEADER_TRUNCATED);
    }

    /** The original value as UTF-8 text, for display. */
    public String valueText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The original key as UTF-8 text, for display. */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    private static int parseInt(String text) {
        return text == null ? -1 : Integer.parseInt(text);
    }

    private static long parseLong(String text) {
        return text == null ? -1 : Long.parseLong(text);
    }

    @Override
    public String toString() {
        return "DeadLetter(" + kind.headerValue() + " " + topic + "/" + partition + "@" + offset + (agent == null ? "" : " in " + agent)
                + ": " + message + ")";
    }
}
