package dev.mephisto.internal.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of durations and sizes in settings, flags and command options. A value that does not fit throws
 * {@link IllegalArgumentException} with the rule and examples; the caller adds which setting and where from.
 */
public final class Grammar {

    /** How a duration is written, for messages and help. */
    public static final String DURATION_RULE = "a duration such as 500ms, 30s, 2m, 1h, 1d or ISO-8601 PT30S";
    /** How a size is written, for messages and help. */
    public static final String SIZE_RULE = "a size such as 512KB, 64MB or 2GB (1KB = 1024 bytes)";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)");

    private Grammar() {
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 such as {@code PT30S}. */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            throw new IllegalArgumentException("'" + text.trim() + "' has no unit: write " + value + "s for seconds or "
                    + value + "ms for milliseconds (" + DURATION_RULE + ")");
        }
        Matcher matcher = SHORT_DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = parseAmount(text, matcher.group(1), DURATION_RULE);
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not " + DURATION_RULE);
        }
    }

    /** Parses {@code 100B}, {@code 512KB}, {@code 64MB}, {@code 2GB}, {@code 1TB} (binary: 1KB = 1024 bytes) to bytes. */
    public static long size(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            throw new IllegalArgumentException("'" + text.trim() + "' has no unit: write " + value + "MB, " + value
                    + "KB or " + value + "B (" + SIZE_RULE + ")");
        }
        Matcher matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not " + SIZE_RULE);
        }
        long amount = parseAmount(text, matcher.group(1), SIZE_RULE);
        int shift = switch (matcher.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large for a size in bytes");
        }
        return amount << shift;
    }

    /** Parses a whole number. */
    public static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a whole number");
        }
    }

    private static long parseAmount(String text, String digits, String rule) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large for " + rule);
        }
    }
}
