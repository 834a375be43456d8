package dev.mephisto.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.ArrayType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;

/**
 * The bounds on what Mephisto's JSON codecs read, so that no record, however crafted, makes a
 * value that later code cannot afford: a {@code BigDecimal} whose plain text is a gigabyte, a
 * {@code double} that overflowed to infinity, an {@code Instant} whose epoch milliseconds overflow
 * a {@code long}. Each is a decode error naming the field and the limit, before any agent runs.
 *
 * <p>The checks run after Jackson's own deserializer, on its result: a few comparisons per value,
 * nothing on the common path allocates.
 */
final class JsonLimits {

    /** Longest string value, in characters (Jackson's default is 20,000,000). */
    static final int MAX_STRING_LENGTH = 1_000_000;
    /** Longest number literal, in characters (Jackson's default). */
    static final int MAX_NUMBER_LENGTH = 1_000;
    /** Deepest nesting of objects and arrays (Jackson's default is 1,000). */
    static final int MAX_NESTING_DEPTH = 200;
    /** Most tokens (names, values, brackets) in one record: bounds every collection's size together. */
    static final long MAX_TOKENS = 1_000_000;
    /** Largest magnitude of a {@code BigDecimal}'s scale: at most this many digits either side of the point. */
    static final int MAX_DECIMAL_SCALE = 1_000;
    /** Most significant digits of a {@code BigDecimal}, and most digits of a {@code BigInteger}. */
    static final int MAX_DIGITS = 1_000;
    /** A BigInteger of {@value #MAX_DIGITS} decimal digits has at most this many bits. */
    private static final int MAX_INTEGER_BITS = 3_322;
    /** Earliest instant read: the first moment of year 1. */
    static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    /** Latest instant read: the last moment of year 9999. */
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** Longest duration read either way: 10,000 years of 365.2425 days, in seconds. */
    static final long MAX_DURATION_SECONDS = 315_569_520_000L;
    /** Numbers read as dates or durations are seconds; none in range reaches this magnitude. */
    private static final BigDecimal MAX_TEMPORAL_NUMBER = BigDecimal.valueOf(1_000_000_000_000L);

    private static final String SEE = " (Mephisto's JSON codec limit; see 'Input limits' in the operations guide)";

    private JsonLimits() {
    }

    /** Jackson's streaming limits: string, number and name lengths, nesting depth, token count. */
    static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxTokenCount(MAX_TOKENS)
                .build();
    }

    /** The value checks, wrapped around whatever deserializer Jackson finds for each bounded type. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("mephisto-json-limits");
        // a tree is found without the modifier below: register it directly
        module.addDeserializer(JsonNode.class, bounded(JsonNodeDeserializer.getDeserializer(JsonNode.class),
                Check.TREE));
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Check check = Check.of(description.getBeanClass());
                return check == null ? deserializer : bounded(deserializer, check);
            }

            @Override
            public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                Class<?> raw = type.getRawClass();
                return raw == double[].class || raw == float[].class ? bounded(deserializer, Check.FLOAT_ARRAY)
                        : deserializer;
            }
        });
        return module;
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonDeserializer<T> bounded(JsonDeserializer<?> deserializer, Check check) {
        return (JsonDeserializer<T>) new Bounded(deserializer, check);
    }

    /** What is checked for one type; {@code null} from {@link #violation} means within bounds. */
    enum Check {
        DECIMAL, INTEGER, FLOATING, FLOAT_ARRAY, INSTANT, LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME,
        ZONED_DATE_TIME, DURATION, TREE;

        static Check of(Class<?> type) {
            if (type == BigDecimal.class) {
                return DECIMAL;
            } else if (type == BigInteger.class) {
                return INTEGER;
            } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return FLOATING;
            } else if (type == Instant.class) {
                return INSTANT;
            } else if (type == LocalDate.class) {
                return LOCAL_DATE;
            } else if (type == LocalDateTime.class) {
                return LOCAL_DATE_TIME;
            } else if (type == OffsetDateTime.class) {
                return OFFSET_DATE_TIME;
            } else if (type == ZonedDateTime.class) {
                return ZONED_DATE_TIME;
            } else if (type == Duration.class) {
                return DURATION;
            } else if (type == Object.class) {
                return TREE; // untyped: maps, lists and numbers, checked all through
            }
            return null;
        }

        boolean temporal() {
            return switch (this) {
                case INSTANT, LOCAL_DATE, LOCAL_DATE_TIME, OFFSET_DATE_TIME, ZONED_DATE_TIME, DURATION -> true;
                default -> false;
            };
        }
    }

    /** Why {@code value} is out of bounds for {@code check}, or {@code null} when it is within them. */
    static String violation(Check check, Object value) {
        if (value == null) {
            return null;
        }
        return switch (check) {
            case DECIMAL -> decimal((BigDecimal) value);
            case INTEGER -> integer((BigInteger) value);
            case FLOATING -> floating(((Number) value).doubleValue());
            case FLOAT_ARRAY -> floatArray(value);
            case INSTANT -> instant((Instant) value);
            case LOCAL_DATE -> year(((LocalDate) value).getYear(), "date");
            case LOCAL_DATE_TIME -> year(((LocalDateTime) value).getYear(), "date-time");
            case OFFSET_DATE_TIME -> year(((OffsetDateTime) value).getYear(), "date-time");
            case ZONED_DATE_TIME -> year(((ZonedDateTime) value).getYear(), "date-time");
            case DURATION -> duration((Duration) value);
            case TREE -> tree(value);
        };
    }

    static String decimal(BigDecimal value) {
        int scale = value.scale();
        if (scale > MAX_DECIMAL_SCALE || scale < -MAX_DECIMAL_SCALE) {
            return "number with scale " + scale + " (" + (scale > 0 ? scale + " digits after the point"
                    : "an exponent of " + -scale) + ") is out of range: at most " + MAX_DECIMAL_SCALE
                    + " digits either side of the point" + SEE;
        }
        if (value.precision() > MAX_DIGITS) {
            return "number with " + value.precision() + " significant digits is out of range: at most " + MAX_DIGITS
                    + SEE;
        }
        return null;
    }

    static String integer(BigInteger value) {
        if (value.bitLength() > MAX_INTEGER_BITS) {
            return "integer of " + value.bitLength() + " bits (about " + (int) (value.bitLength() * 0.30103)
                    + " digits) is out of range: at most " + MAX_DIGITS + " digits" + SEE;
        }
        return null;
    }

    static String floating(double value) {
        return Double.isFinite(value) ? null
                : "number " + value + " is out of range: a floating-point value must be finite (the text overflowed,"
                        + " or was NaN or Infinity)" + SEE;
    }

    private static String floatArray(Object array) {
        if (array instanceof double[] doubles) {
            for (int i = 0; i < doubles.length; i++) {
                if (!Double.isFinite(doubles[i])) {
                    return "element [" + i + "]: " + floating(doubles[i]);
                }
            }
        } else if (array instanceof float[] floats) {
            for (int i = 0; i < floats.length; i++) {
                if (!Float.isFinite(floats[i])) {
                    return "element [" + i + "]: " + floating(floats[i]);
                }
            }
        }
        return null;
    }

    static String instant(Instant value) {
        if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
            return "instant " + value + " is out of range: years 0001 to 9999 (UTC), so epoch milliseconds never"
                    + " overflow" + SEE;
        }
        return null;
    }

    private static String year(int year, String what) {
        if (year < 1 || year > 9999) {
            return what + " in year " + year + " is out of range: years 0001 to 9999" + SEE;
        }
        return null;
    }

    private static String duration(Duration value) {
        long seconds = value.getSeconds();
        if (seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS) {
            return "duration of " + seconds + " seconds is out of range: at most 10,000 years ("
                    + MAX_DURATION_SECONDS + " seconds) either way" + SEE;
        }
        return null;
    }

    /** The numbers in an untyped value (maps, lists, numbers) or a JSON tree; depth is bounded by nesting. */
    private static String tree(Object value) {
        if (value instanceof JsonNode node) {
            return node(node);
        } else if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        } else if (value instanceof BigInteger integer) {
            return integer(integer);
        } else if (value instanceof Double || value instanceof Float) {
            return floating(((Number) value).doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String problem = tree(entry.getValue());
                if (problem != null) {
                    return "field " + entry.getKey() + ": " + problem;
                }
            }
        } else if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                String problem = tree(element);
                if (problem != null) {
                    return "element [" + index + "]: " + problem;
                }
                index++;
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                String problem = tree(array[i]);
                if (problem != null) {
                    return "element [" + i + "]: " + problem;
                }
            }
        }
        return null;
    }

    private static String node(JsonNode node) {
        if (node.isBigDecimal()) {
            return decimal(node.decimalValue());
        } else if (node.isBigInteger()) {
            return integer(node.bigIntegerValue());
        } else if (node.isDouble() || node.isFloat()) {
            return floating(node.doubleValue());
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String problem = node(field.getValue());
                if (problem != null) {
                    return "field " + field.getKey() + ": " + problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = node(node.get(i));
                if (problem != null) {
                    return "element [" + i + "]: " + problem;
                }
            }
        }
        return null;
    }

    /** Jackson's deserializer for a bounded type, then the check on what it made. */
    private static final class Bounded extends DelegatingDeserializer {

        private final Check check;

        Bounded(JsonDeserializer<?> delegate, Check check) {
            super(delegate);
            this.check = check;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Bounded(newDelegatee, check);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (check.temporal() && parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                // jsr310 reads a number with a huge exponent as the epoch, silently: refuse it first
                BigDecimal seconds = parser.getDecimalValue();
                if (seconds.abs().compareTo(MAX_TEMPORAL_NUMBER) >= 0) {
                    throw MismatchedInputException.from(parser, handledType(), "number " + seconds + " is out of"
                            + " range for " + handledTypeName() + ": as seconds it lies outside years 0001 to 9999"
                            + SEE);
                }
            }
            return checked(parser, _delegatee.deserialize(parser, context));
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context, Object intoValue)
                throws IOException {
            @SuppressWarnings("unchecked")
            JsonDeserializer<Object> delegate = (JsonDeserializer<Object>) _delegatee;
            return checked(parser, delegate.deserialize(parser, context, intoValue));
        }

        private Object checked(JsonParser parser, Object value) throws MismatchedInputException {
            String problem = violation(check, value);
            if (problem != null) {
                throw MismatchedInputException.from(parser, handledType(), problem);
            }
            return value;
        }

        private String handledTypeName() {
            return handledType() == null ? "a date" : handledType().getName();
        }
    }
}
