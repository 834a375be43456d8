package dev.mephisto.internal.codec;

import dev.mephisto.Codec;
import dev.mephisto.CodecException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over a {@link Codec}: failures become {@link CodecException}s naming the
 * topic, the codec and the size of the bytes.
 */
public final class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Codec<T> codec;
    private final String role;

    /** @param role what the codec encodes, for messages: {@code "key"} or {@code "value"} */
    public CodecSerde(Codec<T> codec, String role) {
        this.codec = codec;
        this.role = role;
    }

    public Codec<T> codec() {
        return codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // a tombstone, whatever the codec: a table's put(key, null) deletes through here
        }
        try {
            return codec.encode(data);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("cannot encode " + role + " of type " + data.getClass().getName()
                    + " for topic '" + topic + "' with codec " + codec.describe() + ": " + e.getMessage(),
                    topic, codec.describe(), -1, e);
        }
    }

    /*
     * Kafka calls the variants with headers. Their interface defaults pass on to the two-argument
     * method through one call site that every serializer (deserializer) in the JVM shares, so the
     * JIT cannot inline it; implemented here, a record skips that dispatch for its key and value.
     */
    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return codec.decode(data);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("cannot decode " + role + " of " + data.length + " bytes from topic '" + topic
                    + "' with codec " + codec.describe() + ": " + e.getMessage(),
                    topic, codec.describe(), data.length, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
