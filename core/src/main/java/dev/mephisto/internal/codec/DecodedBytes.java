package dev.mephisto.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The bytes that values of one codec were recently decoded from, by the value's identity: a serializer
 * for a hop inside the app (a repartition topic, a join's store) hands on a value that arrived unchanged
 * as the very bytes it arrived in instead of encoding it again (see {@link CodecSerde#internalHop}).
 *
 * <p>Only for types whose values cannot change once decoded ({@link #canRemember(Class)}): Java
 * records whose components are all immutable values ({@code String}, primitives and their boxes,
 * {@code BigDecimal}, {@code BigInteger}, {@code UUID}, {@code java.time} values, enums without
 * mutable fields, {@code Optional}s and records of such). The object being encoded is then, by
 * identity, still exactly what those bytes decode to, and the reader of the hop decodes them with the
 * same codec.
 *
 * <p>One instance serves every task and thread that uses the codec (Kafka Streams gives a source
 * node's one deserializer to every task): a fixed table of slots picked by identity hash, each slot an
 * immutable entry written without a lock. A racing write or a collision loses an entry (that value is
 * then encoded as before); it never pairs a value with another's bytes. Entries hold their value and
 * bytes until overwritten, so values over {@value #MAX_BYTES} bytes are not remembered: at most
 * {@value #SLOTS} entries of at most that size stay reachable per codec.
 */
final class DecodedBytes {

    /** Slots per codec: well above the values decoded ahead of use (one per input partition a thread reads). */
    static final int SLOTS = 256;
    /** The largest value remembered, in bytes. */
    static final int MAX_BYTES = 8 * 1024;

    private static final Set<Class<?>> VALUES = Set.of(String.class, Boolean.class, Byte.class, Short.class,
            Integer.class, Long.class, Float.class, Double.class, Character.class, BigDecimal.class,
            BigInteger.class, UUID.class, Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class,
            YearMonth.class, MonthDay.class, ZoneOffset.class, ZoneId.class);

    /** A value and the bytes it was decoded from; final fields, so safe to share through a racy slot. */
    private record Entry(Object value, byte[] bytes) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    /** Remembers that {@code value} was decoded from {@code bytes} (which nobody may change afterwards). */
    void remember(Object value, byte[] bytes) {
        if (bytes.length <= MAX_BYTES) {
            slots[slot(value)] = new Entry(value, bytes);
        }
    }

    /** The bytes {@code value} (this very object) was decoded from, or {@code null} when not remembered. */
    byte[] bytesOf(Object value) {
        Entry entry = slots[slot(value)];
        return entry != null && entry.value == value ? entry.bytes : null;
    }

    private static int slot(Object value) {
        int hash = System.identityHashCode(value);
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    /**
     * Whether a decoded {@code type} cannot change: a record whose components are all immutable values
     * (see the class comment), recursively.
     */
    static boolean canRemember(Class<?> type) {
        return type.isRecord() && immutable(type, new HashSet<>());
    }

    private static boolean immutable(Type type, Set<Class<?>> checking) {
        if (type instanceof ParameterizedType parameterized) {
            return parameterized.getRawType() == Optional.class
                    && immutable(parameterized.getActualTypeArguments()[0], checking);
        }
        if (!(type instanceof Class<?> cls)) {
            return false; // a type variable or wildcard: anything may stand there
        }
        if (cls.isPrimitive() || VALUES.contains(cls)) {
            return true;
        }
        if (!checking.add(cls)) {
            return true; // already being checked further up (a record that nests itself through Optional)
        }
        if (cls.isEnum()) {
            if (!finalImmutableFields(cls, checking)) {
                return false;
            }
            for (Object constant : cls.getEnumConstants()) {
                if (constant.getClass() != cls && !finalImmutableFields(constant.getClass(), checking)) {
                    return false; // a constant with its own body and fields
                }
            }
            return true;
        }
        if (cls.isRecord()) {
            for (RecordComponent component : cls.getRecordComponents()) {
                if (!immutable(component.getGenericType(), checking)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean finalImmutableFields(Class<?> cls, Set<Class<?>> checking) {
        for (Field field : cls.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) || field.isEnumConstant()) {
                continue;
            }
            if (!Modifier.isFinal(modifiers) || !immutable(field.getGenericType(), checking)) {
                return false;
            }
        }
        return true;
    }
}
