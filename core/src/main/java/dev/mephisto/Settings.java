package dev.mephisto;

import dev.mephisto.internal.settings.NearestKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The resolved value of every declared {@link Setting}, each from the strongest place that sets it:
 * code default &lt; properties file &lt; environment &lt; flag. The command line resolves them and hands
 * them to the function that builds the app; tests make their own with {@link #defaults} and
 * {@link #with}. Immutable.
 *
 * <pre>{@code
 * Cli.main(args, settings -> ChatApp.create(ChatOptions.from(settings)).app());
 * Settings settings = Settings.defaults(ChatOptions.SETTINGS).with(ChatOptions.ROOMS, 10);
 * }</pre>
 */
public final class Settings {

    /** Environment variables Kubernetes sets for a service, which share an app's prefix without being settings. */
    private static final Pattern SERVICE_LINK = Pattern.compile(".*_(PORT|PORT_\\d+_[A-Z]+.*|SERVICE_HOST|SERVICE_PORT.*)");

    private final Map<String, Setting<?>> declared;
    private final Map<String, Object> values;
    private final Map<String, String> origins;
    private final Map<String, String> kafka;

    private Settings(Map<String, Setting<?>> declared, Map<String, Object> values, Map<String, String> origins,
            Map<String, String> kafka) {
        this.declared = declared;
        this.values = values;
        this.origins = origins;
        this.kafka = kafka;
    }

    /** Every setting at its code default. */
    public static Settings defaults(Collection<? extends Setting<?>> declared) {
        return resolve(declared, Map.of(), Map.of(), new Properties(), null);
    }

    /**
     * Resolves every declared setting: {@code flags} (by key, as the command line gave them) over
     * {@code env} over {@code file} over each default. Keys of {@code file} in a declared namespace
     * ({@code mephisto.*}, {@code chat.*}, ...) that no setting declares are an error naming the key,
     * the file and the nearest known key, as are environment variables of a declared namespace one
     * typo away from a known one; other keys of the file are Kafka properties ({@link #kafka()}).
     *
     * @param fileName where {@code file} came from, for messages; null when there is no file
     * @throws IllegalArgumentException naming the setting, where its value came from and what it should be
     */
    public static Settings resolve(Collection<? extends Setting<?>> declared, Map<String, String> flags,
            Map<String, String> env, Properties file, Path fileName) {
        Objects.requireNonNull(declared, "declared can't be null");
        Objects.requireNonNull(flags, "flags can't be null");
        Objects.requireNonNull(env, "env can't be null");
        Objects.requireNonNull(file, "file can't be null");
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> setting : declared) {
            Setting<?> twin = byKey.put(setting.key(), setting);
            if (twin != null && twin != setting) {
                throw new IllegalArgumentException("setting " + setting.key() + " is declared twice: give each"
                        + " setting its own key");
            }
        }
        String where = fileName == null ? "config file" : "config file " + fileName.toAbsolutePath();
        refuseUnknown(byKey, env, file, where);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Setting<?> setting : byKey.values()) {
            resolveOne(setting, flags, env, file, where, values, origins);
        }
        Set<String> taken = new TreeSet<>();
        byKey.values().forEach(setting -> {
            taken.add(setting.key());
            taken.addAll(setting.aliases());
        });
        Map<String, String> kafka = new LinkedHashMap<>();
        Set<String> namespaces = namespaces(byKey.values());
        for (String key : new TreeSet<>(file.stringPropertyNames())) {
            if (!taken.contains(key) && !namespaces.contains(key.split("\\.", 2)[0])) {
                kafka.put(key, file.getProperty(key).trim());
            }
        }
        return new Settings(Collections.unmodifiableMap(byKey), values, origins, Collections.unmodifiableMap(kafka));
    }

    /** A copy where code sets {@code setting} to {@code value}, over whatever resolved it. */
    public <T> Settings with(Setting<T> setting, T value) {
        requireDeclared(setting);
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting.key(), setting.check(value, "code"));
        Map<String, String> origin = new LinkedHashMap<>(origins);
        origin.put(setting.key(), "code");
        return new Settings(declared, copy, origin, kafka);
    }

    /** The value, or empty when the setting has no default and nothing set it. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> setting) {
        requireDeclared(setting);
        return Optional.ofNullable((T) values.get(setting.key()));
    }

    /**
     * The value.
     *
     * @throws IllegalStateException when the setting has no default and nothing set it
     */
    public <T> T get(Setting<T> setting) {
        return find(setting).orElseThrow(() -> new IllegalStateException("setting " + setting.key()
                + " is not set: give " + setting.flag() + ", " + setting.env() + " or " + setting.key()
                + " in the config file"));
    }

    /** Where the value came from: {@code flag --rooms}, {@code environment CHAT_ROOMS}, {@code config file ...}, ... */
    public String origin(Setting<?> setting) {
        requireDeclared(setting);
        return origins.getOrDefault(setting.key(), "unset");
    }

    /** The declared settings, in declaration order. */
    public Collection<Setting<?>> declared() {
        return declared.values();
    }

    /** The file's keys that are no setting: raw Kafka properties ({@code commit.interval.ms}, {@code security.protocol}). */
    public Map<String, String> kafka() {
        return kafka;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Settings(");
        declared.keySet().forEach(key -> text.append(key).append('=').append(values.get(key)).append(' '));
        return text.toString().trim() + ")";
    }

    private void requireDeclared(Setting<?> setting) {
        Objects.requireNonNull(setting, "setting can't be null");
        if (declared.get(setting.key()) == null) {
            throw new IllegalArgumentException("setting " + setting.key() + " is not declared here; the declared"
                    + " settings are " + declared.keySet());
        }
    }

    private static <T> void resolveOne(Setting<T> setting, Map<String, String> flags, Map<String, String> env,
            Properties file, String where, Map<String, Object> values, Map<String, String> origins) {
        String flag = flags.get(setting.key());
        if (flag != null) {
            values.put(setting.key(), setting.parse(flag, "flag " + setting.flag()));
            origins.put(setting.key(), "flag " + setting.flag());
            return;
        }
        List<String> envNames = new ArrayList<>(List.of(setting.env()));
        List<String> keys = new ArrayList<>(List.of(setting.key()));
        for (String alias : setting.aliases()) {
            (alias.equals(alias.toUpperCase(Locale.ROOT)) ? envNames : keys).add(alias);
        }
        for (String name : envNames) {
            String text = env.get(name);
            if (text != null && !text.isBlank()) {
                values.put(setting.key(), setting.parse(text, "environment " + name));
                origins.put(setting.key(), "environment " + name);
                return;
            }
        }
        for (String key : keys) {
            String text = file.getProperty(key);
            if (text != null && !text.isBlank()) {
                values.put(setting.key(), setting.parse(text, where + ", key " + key));
                origins.put(setting.key(), where + ", key " + key);
                return;
            }
        }
        setting.defaultValue().ifPresent(value -> {
            values.put(setting.key(), value);
            origins.put(setting.key(), "default");
        });
    }

    private static void refuseUnknown(Map<String, Setting<?>> byKey, Map<String, String> env, Properties file,
            String where) {
        Set<String> namespaces = namespaces(byKey.values());
        Set<String> keys = new TreeSet<>();
        Set<String> envNames = new TreeSet<>();
        byKey.values().forEach(setting -> {
            keys.add(setting.key());
            envNames.add(setting.env());
            setting.aliases().forEach(alias -> (alias.equals(alias.toUpperCase(Locale.ROOT)) ? envNames : keys)
                    .add(alias));
        });
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(file.stringPropertyNames())) {
            if (namespaces.contains(key.split("\\.", 2)[0]) && !keys.contains(key)) {
                problems.add(where + " sets unknown setting " + key
                        + NearestKey.of(key, keys).map(near -> ": did you mean " + near + "?").orElse(""));
            }
        }
        for (String name : new TreeSet<>(env.keySet())) {
            String prefix = name.split("_", 2)[0].toLowerCase(Locale.ROOT);
            if (!namespaces.contains(prefix) || envNames.contains(name) || SERVICE_LINK.matcher(name).matches()) {
                continue;
            }
            NearestKey.of(name, envNames).ifPresent(near -> problems.add("environment variable " + name
                    + " is no setting: did you mean " + near + "?"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + " (every setting, its flag, variable"
                    + " and key: 'worker --help')");
        }
    }

    private static Set<String> namespaces(Collection<Setting<?>> settings) {
        Set<String> namespaces = new TreeSet<>();
        settings.forEach(setting -> namespaces.add(setting.namespace()));
        return namespaces;
    }
}
