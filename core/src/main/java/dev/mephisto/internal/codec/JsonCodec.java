package dev.mephisto.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mephisto.Codec;
import java.io.IOException;
import java.util.Objects;

/** JSON for records and POJOs through Jackson. */
public final class JsonCodec<T> implements Codec<T> {

    /** Immutable once built; shared by every JSON codec that was not given its own mapper. */
    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module())
            .addModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonCodec(Class<T> type, ObjectMapper mapper) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    public static <T> JsonCodec<T> of(Class<T> type) {
        return of(type, DEFAULT_MAPPER);
    }

    public static <T> JsonCodec<T> of(Class<T> type, ObjectMapper mapper) {
        Objects.requireNonNull(type, "type can't be null");
        Objects.requireNonNull(mapper, "mapper can't be null");
        return new JsonCodec<>(type, mapper);
    }

    /** The mapper Mephisto's JSON codecs use, for tools that must read and write the same JSON. */
    public static ObjectMapper defaultMapper() {
        return DEFAULT_MAPPER;
    }

    @Override
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty input is not a JSON " + type.getSimpleName());
        }
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON " + type.getSimpleName() + ": " + e.getOriginalMessage()
                    + locationOf(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException("JSON null is not a " + type.getSimpleName()
                    + " (send a record with no value for a tombstone)");
        }
        return value;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                + e.getLocation().getColumnNr();
    }

    @Override
    public String describe() {
        return "json(" + type.getSimpleName() + ")";
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonCodec<?> other && type.equals(other.type)
                && reader.getConfig().equals(other.reader.getConfig());
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }
}
