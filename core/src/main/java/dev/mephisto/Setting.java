package dev.mephisto;

import dev.mephisto.internal.settings.Grammar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed setting of Mephisto or of an app, declared once and set from code defaults, a properties
 * file, the environment or a flag (the later wins). Every name derives from the key: key
 * {@code chat.presence.timeout} is the environment variable {@code CHAT_PRESENCE_TIMEOUT} and the
 * flag {@code --presence-timeout} (the key without its first word). Durations and sizes share one
 * grammar everywhere: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601
 * {@code PT30S}; {@code 512KB}, {@code 64MB}, {@code 2GB}. Immutable.
 *
 * <pre>{@code
 * static final Setting<Integer> ROOMS = Setting.integer("chat.rooms", "Rooms 0..N-1.")
 *         .withDefault(5).withCheck(n -> n >= 1 && n <= 100_000, "must be 1 to 100000");
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private final String key;
    private final String label;
    private final Function<String, T> parser;
    private final Function<T, String> printer;
    private final T defaultValue;
    private final String description;
    private final Predicate<T> check;
    private final String rule;
    private final List<String> aliases;

    private Setting(String key, String label, Function<String, T> parser, Function<T, String> printer, T defaultValue,
            String description, Predicate<T> check, String rule, List<String> aliases) {
        this.key = key;
        this.label = label;
        this.parser = parser;
        this.printer = printer;
        this.defaultValue = defaultValue;
        this.description = description;
        this.check = check;
        this.rule = rule;
        this.aliases = aliases;
    }

    /**
     * A setting of any type: {@code parser} turns text into a value, throwing {@link IllegalArgumentException} that
     * says what is wrong; {@code label} names the value in help ({@code N}, {@code DURATION}, {@code HOST:PORT}).
     */
    public static <T> Setting<T> of(String key, String label, Function<String, T> parser, String description) {
        requireKey(key);
        Objects.requireNonNull(label, "label can't be null (setting '" + key + "')");
        Objects.requireNonNull(parser, "parser can't be null (setting '" + key + "')");
        Objects.requireNonNull(description, "description can't be null (setting '" + key + "')");
        return new Setting<>(key, label, parser, String::valueOf, null, description, value -> true, "", List.of());
    }

    /** A whole number: {@code Setting.integer("chat.rooms", "Rooms 0..N-1.")}. */
    public static Setting<Integer> integer(String key, String description) {
        return of(key, "N", Grammar::integer, description);
    }

    /** A duration in the one grammar: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code PT30S}. */
    public static Setting<Duration> duration(String key, String description) {
        return new Setting<>(key, "DURATION", Grammar::duration, Setting::showDuration, null, description,
                value -> true, "", List.of()).validated();
    }

    /** A size in bytes, written {@code 512KB}, {@code 64MB}, {@code 2GB} (1KB = 1024 bytes). */
    public static Setting<Long> size(String key, String description) {
        return new Setting<>(key, "SIZE", Grammar::size, Setting::showSize, null, description, value -> true, "",
                List.of()).validated();
    }

    /** Text, trimmed; blank text counts as unset. */
    public static Setting<String> text(String key, String description) {
        return of(key, "TEXT", String::trim, description);
    }

    /** A file or directory path. */
    public static Setting<Path> path(String key, String description) {
        return of(key, "PATH", Path::of, description);
    }

    /** A copy with this value when nothing else sets it; without one, the setting is unset by default. */
    public Setting<T> withDefault(T value) {
        Objects.requireNonNull(value, "default can't be null (setting '" + key + "'): leave it unset instead");
        return new Setting<>(key, label, parser, printer, value, description, check, rule, aliases);
    }

    /** A copy that refuses values failing {@code check}, saying {@code rule} ("must be 1 to 100000"). */
    public Setting<T> withCheck(Predicate<T> check, String rule) {
        Objects.requireNonNull(check, "check can't be null (setting '" + key + "')");
        Objects.requireNonNull(rule, "rule can't be null (setting '" + key + "')");
        Predicate<T> both = this.check.and(check);
        String rules = this.rule.isEmpty() ? rule : this.rule + "; " + rule;
        return new Setting<>(key, label, parser, printer, defaultValue, description, both, rules, aliases);
    }

    /** A copy with the label shown in help for its value ({@code HOST:PORT}, {@code DIR}). */
    public Setting<T> withLabel(String label) {
        Objects.requireNonNull(label, "label can't be null (setting '" + key + "')");
        return new Setting<>(key, label, parser, printer, defaultValue, description, check, rule, aliases);
    }

    /** A copy that writes values this way in help, as they are written in flags ({@code exactly_once}). */
    public Setting<T> withFormat(Function<T, String> format) {
        Objects.requireNonNull(format, "format can't be null (setting '" + key + "')");
        return new Setting<>(key, label, parser, format, defaultValue, description, check, rule, aliases);
    }

    /**
     * A copy also read from these older or standard names, after its own: an environment variable
     * ({@code KAFKA_BOOTSTRAP_SERVERS}) or a properties key ({@code bootstrap.servers}).
     */
    public Setting<T> withAliases(String... names) {
        List<String> all = new ArrayList<>(aliases);
        for (String name : names) {
            all.add(Objects.requireNonNull(name, "alias can't be null (setting '" + key + "')"));
        }
        return new Setting<>(key, label, parser, printer, defaultValue, description, check, rule, List.copyOf(all));
    }

    /** The properties-file key, such as {@code mephisto.web.port}. */
    public String key() {
        return key;
    }

    /** The first word of the key: {@code mephisto}, {@code chat}, {@code payments}. */
    public String namespace() {
        return key.substring(0, key.indexOf('.'));
    }

    /** The environment variable: the key upper-cased, dots as underscores ({@code MEPHISTO_WEB_PORT}). */
    public String env() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The flag: the key without its first word, dots as dashes ({@code --web-port}). */
    public String flag() {
        return "--" + key.substring(key.indexOf('.') + 1).replace('.', '-');
    }

    /** Older or standard names it is also read from, environment variables and keys. */
    public List<String> aliases() {
        return aliases;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The default, if it has one. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as it would be written, for help: {@code 30s}, {@code 64MB}. */
    public Optional<String> defaultText() {
        return defaultValue().map(printer);
    }

    /**
     * Parses and checks {@code text}; {@code origin} says where it came from, for the message when it is wrong:
     * {@code setting chat.presence.timeout (environment CHAT_PRESENCE_TIMEOUT): 'soon' is not a duration ...}.
     */
    public T parse(String text, String origin) {
        Objects.requireNonNull(text, "text can't be null (setting '" + key + "')");
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + " (" + origin + "): " + e.getMessage(), e);
        }
        if (!check.test(value)) {
            throw new IllegalArgumentException("setting " + key + " (" + origin + ") " + rule + ", got '"
                    + text.trim() + "'");
        }
        return value;
    }

    /** Whether {@code value} passes the setting's checks (a value from code goes through them too). */
    public T check(T value, String origin) {
        Objects.requireNonNull(value, "value can't be null (setting '" + key + "')");
        if (!check.test(value)) {
            throw new IllegalArgumentException("setting " + key + " (" + origin + ") " + rule + ", got "
                    + printer.apply(value));
        }
        return value;
    }

    @Override
    public String toString() {
        return key;
    }

    private Setting<T> validated() {
        requireKey(key);
        Objects.requireNonNull(description, "description can't be null (setting '" + key + "')");
        return this;
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key can't be null");
        if (!key.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+")) {
            throw new IllegalArgumentException("setting key '" + key + "' must be lower-case words joined by dots,"
                    + " the first naming the app or 'mephisto', such as chat.presence.timeout");
        }
    }

    private static String showDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static String showSize(Long bytes) {
        for (String unit : new String[] {"TB", "GB", "MB", "KB"}) {
            int shift = switch (unit) {
                case "TB" -> 40;
                case "GB" -> 30;
                case "MB" -> 20;
                default -> 10;
            };
            if (bytes > 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + unit;
            }
        }
        return bytes + "B";
    }
}
