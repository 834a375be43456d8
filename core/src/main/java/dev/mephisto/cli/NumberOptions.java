package dev.mephisto.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Range-checked numeric options: a value out of range is a usage error while parsing (exit 2), and picocli's message
 * names the option, as in {@code Invalid value for option '--limit': must be from 1 to 2147483647, got '-3'}.
 */
final class NumberOptions {

    private NumberOptions() {
    }

    /** A count: 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 1, Integer.MAX_VALUE, "must be from 1 to " + Integer.MAX_VALUE);
        }
    }

    /** A wait in seconds: 1 to 3600. */
    static final class Seconds implements ITypeConverter<Integer> {
        static final int MAX = 3_600;

        @Override
        public Integer convert(String value) {
            return inRange(value, 1, MAX, "must be 1 to " + MAX + " seconds");
        }
    }

    /** A TCP port, 0 meaning any free one. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return inRange(value, 0, 65_535, "must be a port from 1 to 65535, or 0 for any free port");
        }
    }

    private static int inRange(String text, int min, int max, String rule) {
        long parsed;
        try {
            parsed = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException(rule + ", got '" + text + "', which is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new TypeConversionException(rule + ", got '" + text + "'");
        }
        return (int) parsed;
    }
}
