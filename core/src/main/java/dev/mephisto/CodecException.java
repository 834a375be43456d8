package dev.mephisto;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A key or value could not be encoded or decoded with its topic's {@link Codec}.
 *
 * <p>It names the topic, the codec, and the size of the offending bytes, so a bad record can be
 * found and fixed; it is never replaced by a silent {@code null}. It extends Kafka's
 * {@link SerializationException}, so Kafka Streams' deserialization handlers treat it as bad input.
 *
 * <pre>{@code
 * try {
 *     Codec.json(Payment.class).decode(bytes);
 * } catch (CodecException e) {
 *     log.warn("bad payment: {}", e.getMessage());
 * }
 * }</pre>
 */
public class CodecException extends SerializationException {

    private final String topic;
    private final String codec;
    private final int size;

    public CodecException(String message, String topic, String codec, int size, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.codec = codec;
        this.size = size;
    }

    /** The topic whose record failed, or {@code null} when the codec was used outside a topic. */
    public String topic() {
        return topic;
    }

    /** The codec that failed, as {@link Codec#describe()} names it. */
    public String codec() {
        return codec;
    }

    /** The size in bytes of the input that failed to decode, or -1 for an encode failure. */
    public int size() {
        return size;
    }
}
