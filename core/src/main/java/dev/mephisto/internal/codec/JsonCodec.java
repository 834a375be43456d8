package dev.mephisto.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
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
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/** JSON for records and POJOs through Jackson. */
public final class JsonCodec<T> implements Codec<T> {

    /** Immutable once built; shared by every JSON codec that was not given its own mapper. */
    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(JsonLimits.constraints()).build())
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module())
            .addModule(new Jdk8Module())
            .addModule(JsonLimits.module())
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
                    + pathOf(e) + e.getOriginalMessage(), e);
        }
    }

    /** Its JSON, as it is written to Kafka. */
    @Override
    public Optional<String> toJson(T value) {
        return Optional.of(value == null ? "null" : new String(encode(value), StandardCharsets.UTF_8));
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
            throw new IllegalArgumentException("not a JSON " + type.getSimpleName() + ": " + pathOf(e)
                    + e.getOriginalMessage() + limitHint(e) + locationOf(e), e);
        } catch (IOException | RuntimeException e) {
            // a deserializer that failed in a way Jackson did not wrap: still a decode error, not a crash
            throw new IllegalArgumentException("not a JSON " + type.getSimpleName() + ": " + e, e);
        }
        if (value == null) {
            throw new IllegalArgumentException("JSON null is not a " + type.getSimpleName()
                    + " (send a record with no value for a tombstone)");
        }
        return value;
    }

    /** {@code field items[3].price: } for a failure inside a value, empty at the top. */
    private static String pathOf(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder("field ");
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 6) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() > 6 ? path.append(": ").toString() : "";
    }

    /** Jackson names its own setting for a streaming limit; say where Mephisto's are documented. */
    private static String limitHint(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return " (Mephisto's JSON codec limit; see 'Input limits' in the operations guide)";
            }
        }
        return "";
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
