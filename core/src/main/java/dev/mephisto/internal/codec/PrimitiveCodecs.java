package dev.mephisto.internal.codec;

import dev.mephisto.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The built-in codecs for text, raw bytes and fixed-width numbers. */
public final class PrimitiveCodecs {

    public static final Codec<String> STRING = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String describe() {
            return "string";
        }
    };

    public static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }

        @Override
        public String describe() {
            return "bytes";
        }
    };

    public static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            if (value == null) {
                return null;
            }
            long v = value;
            byte[] out = new byte[8];
            for (int i = 7; i >= 0; i--) {
                out[i] = (byte) v;
                v >>>= 8;
            }
            return out;
        }

        @Override
        public Long decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            requireLength(bytes, 8, "long");
            long v = 0;
            for (byte b : bytes) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }

        @Override
        public String describe() {
            return "long";
        }

        @Override
        public Long parse(String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number between " + Long.MIN_VALUE
                        + " and " + Long.MAX_VALUE);
            }
        }

        @Override
        public String format(Long value) {
            return String.valueOf(value);
        }

        @Override
        public Optional<String> toJson(Long value) {
            return Optional.of(String.valueOf(value));
        }
    };

    public static final Codec<Integer> INT = new Codec<>() {
        @Override
        public byte[] encode(Integer value) {
            if (value == null) {
                return null;
            }
            int v = value;
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }

        @Override
        public Integer decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            requireLength(bytes, 4, "int");
            int v = 0;
            for (byte b : bytes) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }

        @Override
        public String describe() {
            return "int";
        }

        @Override
        public Integer parse(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number between "
                        + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            }
        }

        @Override
        public String format(Integer value) {
            return String.valueOf(value);
        }

        @Override
        public Optional<String> toJson(Integer value) {
            return Optional.of(String.valueOf(value));
        }
    };

    private PrimitiveCodecs() {
    }

    private static void requireLength(byte[] bytes, int expected, String type) {
        if (bytes.length != expected) {
            throw new IllegalArgumentException("a " + type + " is " + expected + " big-endian bytes, got "
                    + bytes.length + " bytes");
        }
    }
}
