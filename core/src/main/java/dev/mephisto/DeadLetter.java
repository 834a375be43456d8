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
 * @param kind what failed: {@link #DECODE}, {@link #REJECTED}, {@link #AGENT_FAILED} or {@link #SEND_FAILED}
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
 */
public record DeadLetter(String kind, String error, String message, String topic, int partition, long offset,
        String agent, Instant failedAt, String requestId, byte[] key, byte[] value, Map<String, String> headers) {

    /** The key or value did not decode with the topic's codec. */
    public static final String DECODE = "decode";
    /** An agent rejected the record on purpose with {@link AgentContext#reject(String)}. */
    public static final String REJECTED = "rejected";
    /** An agent threw an exception. */
    public static final String AGENT_FAILED = "agent-failed";
    /** A record the agent sent could not be encoded or written. */
    public static final String SEND_FAILED = "send-failed";

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

    /** Reads a dead letter from a record of the dead-letter topic. */
    public static DeadLetter of(byte[] key, byte[] value, Map<String, String> headers) {
        return new DeadLetter(headers.get(HEADER_KIND), headers.get(HEADER_ERROR), headers.get(HEADER_MESSAGE),
                headers.get(HEADER_TOPIC), parseInt(headers.get(HEADER_PARTITION)), parseLong(headers.get(HEADER_OFFSET)),
                headers.get(HEADER_AGENT), headers.containsKey(HEADER_FAILED_AT)
                        ? Instant.parse(headers.get(HEADER_FAILED_AT)) : null,
                headers.get(AgentContext.REQUEST_ID_HEADER), key, value, Map.copyOf(headers));
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
        return "DeadLetter(" + kind + " " + topic + "/" + partition + "@" + offset + (agent == null ? "" : " in " + agent)
                + ": " + message + ")";
    }
}
