package dev.mephisto.internal.codec;

import dev.mephisto.Codec;
import dev.mephisto.CodecException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over a {@link Codec}: failures become {@link CodecException}s naming the
 * topic, the codec and the size of the bytes.
 *
 * <p>For a JSON codec of values that cannot change once decoded (see {@link DecodedBytes}), every
 * serde of the codec remembers the bytes it decoded each value from, and one made by
 * {@link #internalHop} encodes such a value, while it is that very object, as those bytes.
 */
public final class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Codec<T> codec;
    private final String role;
    /** The codec's memo of decoded values; null when it has none. */
    private final DecodedBytes decoded;
    /** Whether {@link #serialize} hands on the bytes a value was decoded from. */
    private final boolean reuse;

    /** @param role what the codec encodes, for messages: {@code "key"} or {@code "value"} */
    public CodecSerde(Codec<T> codec, String role) {
        this(codec, role, false);
    }

    private CodecSerde(Codec<T> codec, String role, boolean internalHop) {
        this.codec = codec;
        this.role = role;
        this.decoded = codec instanceof JsonCodec<T> json ? json.decoded() : null;
        this.reuse = internalHop && decoded != null;
    }

    /**
     * A serde for a hop inside the app that the same codec reads back: a repartition topic, or a store
     * Mephisto manages. A value that is the very object a serde of this codec decoded (and that cannot
     * have changed since, see {@link DecodedBytes}) is written as the bytes it was decoded from, not
     * encoded again. Never for a topic the app writes for others: those get what the codec writes.
     */
    public static <T> CodecSerde<T> internalHop(Codec<T> codec, String role) {
        return new CodecSerde<>(codec, role, true);
    }

    /** Whether this serde writes a value decoded unchanged as the bytes it came from ({@link #internalHop}). */
    public boolean reusesDecodedBytes() {
        return reuse;
    }

    /**
     * Whether {@code bytes} are what this serde wrote for {@code value} by handing on the bytes that very
     * object was decoded from (so decoding them gives {@code value} back).
     */
    public boolean wasDecodedFrom(T value, byte[] bytes) {
        return reuse && bytes != null && decoded.bytesOf(value) == bytes;
    }

    public Codec<T> codec() {
        return codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // a tombstone, whatever the codec: a table's put(key, null) deletes through here
        }
        if (reuse) {
            byte[] bytes = decoded.bytesOf(data);
            if (bytes != null) {
                return bytes;
            }
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

    @Override
    public T deserialize(String topic, byte[] data) {
        T value;
        try {
            value = codec.decode(data);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("cannot decode " + role + " of " + data.length + " bytes from topic '" + topic
                    + "' with codec " + codec.describe() + ": " + e.getMessage(),
                    topic, codec.describe(), data.length, e);
        }
        if (decoded != null && value != null) {
            decoded.remember(value, data);
        }
        return value;
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
