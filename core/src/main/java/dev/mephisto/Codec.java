package dev.mephisto;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import dev.mephisto.internal.codec.CodecSerde;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.codec.PrimitiveCodecs;

/**
 * Turns keys and values into bytes and back, for one type.
 *
 * <p>A codec is stateless and thread-safe. {@code null} maps to {@code null} both ways (a Kafka
 * tombstone); anything else that cannot be decoded is a {@link CodecException}. The built-ins cover
 * what Faust's serializers do: {@link #string()}, {@link #bytes()} (raw), {@link #int64()},
 * {@link #int32()} and {@link #json(Class)}. Write your own by implementing the three methods.
 *
 * <pre>{@code
 * Topic<String, Payment> received =
 *         app.topic("incoming_payment_received", Codec.string(), Codec.json(Payment.class));
 * }</pre>
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {

    /** Encodes a value; {@code null} gives {@code null}. */
    byte[] encode(T value);

    /**
     * Decodes bytes; {@code null} gives {@code null}.
     *
     * @throws RuntimeException when the bytes are not a {@code T}; topics wrap it in a
     *     {@link CodecException} that names the topic and the size of the bytes
     */
    T decode(byte[] bytes);

    /** A short name for messages and listings, such as {@code string} or {@code json(Payment)}. */
    String describe();

    /**
     * Reads a value typed by a person (the CLI's {@code send} and {@code get}, HTTP lookups):
     * JSON text for JSON codecs, decimal digits for numbers, the text itself otherwise.
     *
     * @throws RuntimeException saying why, when the text is not a {@code T}
     */
    default T parse(String text) {
        return decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes a value for a person to read: the inverse of {@link #parse(String)}. */
    default String format(T value) {
        byte[] bytes = encode(value);
        return bytes == null ? "null" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A value as JSON text, when this codec can say it in JSON: {@link #json(Class)} codecs give
     * their JSON, {@link #int64()} and {@link #int32()} the number. Empty for the others
     * ({@link #string()}, {@link #bytes()}, and your own codecs unless they override this): table
     * lookups over HTTP then show {@link #format(Object)} as a JSON string.
     *
     * <pre>{@code
     * Codec.int64().toJson(42L);           // Optional[42]
     * Codec.string().toJson("hi");         // Optional.empty
     * }</pre>
     */
    default Optional<String> toJson(T value) {
        return Optional.empty();
    }

    /**
     * This codec as a Kafka {@link Serde} for keys, for the Kafka Streams DSL: a failure becomes a
     * {@link CodecException} that names the topic, this codec and the size of the bytes.
     *
     * <pre>{@code
     * Grouped.with("by-account", Codec.string().keySerde(), payments.valueSerde())
     * }</pre>
     */
    default Serde<T> keySerde() {
        return new CodecSerde<>(this, "key");
    }

    /** This codec as a Kafka {@link Serde} for values; see {@link #keySerde()}. */
    default Serde<T> valueSerde() {
        return new CodecSerde<>(this, "value");
    }

    /** UTF-8 text. {@code Codec.string().encode("hi")} gives the two bytes {@code h i}. */
    static Codec<String> string() {
        return PrimitiveCodecs.STRING;
    }

    /** Raw bytes, passed through untouched (Faust's {@code raw}). */
    static Codec<byte[]> bytes() {
        return PrimitiveCodecs.BYTES;
    }

    /**
     * A {@code long} as 8 big-endian bytes, as Kafka's {@code LongSerializer} writes it. Named, like
     * every factory here, after the value on the wire ({@code string}, {@code bytes}, {@code int32},
     * {@code int64}, {@code json}), since {@code long} and {@code int} are Java keywords.
     *
     * <pre>{@code
     * Topic<String, Long> counts = app.topic("word-counts", Codec.string(), Codec.int64());
     * }</pre>
     */
    static Codec<Long> int64() {
        return PrimitiveCodecs.LONG;
    }

    /** An {@code int} as 4 big-endian bytes, as Kafka's {@code IntegerSerializer} writes it. */
    static Codec<Integer> int32() {
        return PrimitiveCodecs.INT;
    }

    /**
     * JSON via Jackson for Java records and POJOs: {@code java.time} values as ISO-8601 strings,
     * {@code BigDecimal} kept exact, unknown properties ignored, {@code Optional} supported.
     * Input that is not a JSON {@code T} (malformed, empty, a bare {@code null}, trailing garbage)
     * fails to decode, and so does input past fixed limits that keep every decoded value cheap to
     * use: {@code BigDecimal} scale within &plusmn;1,000 and at most 1,000 digits, finite
     * {@code double}s, dates and instants in years 0001 to 9999, strings up to 1,000,000 characters,
     * nesting up to 200 levels, 1,000,000 tokens a record (the operations guide's "Input limits").
     * The failure names the field and the limit.
     *
     * <pre>{@code
     * record Payment(String paymentId, BigDecimal amount, Instant receivedAt) {}
     * Codec<Payment> codec = Codec.json(Payment.class);
     * }</pre>
     */
    static <T> Codec<T> json(Class<T> type) {
        return JsonCodec.of(type);
    }

    /**
     * JSON via a Jackson {@link ObjectMapper} you configured yourself; Mephisto changes nothing
     * in it, and applies none of {@link #json(Class)}'s limits: set your own
     * {@code StreamReadConstraints} on its factory.
     */
    static <T> Codec<T> json(Class<T> type, ObjectMapper mapper) {
        return JsonCodec.of(type, mapper);
    }
}
