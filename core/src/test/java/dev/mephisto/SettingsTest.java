package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** One settings model: code default &lt; file &lt; environment &lt; flag, one grammar, unknown keys named. */
class SettingsTest {

    private static final Setting<Integer> COUNT = Setting.integer("demo.count", "A count.").withDefault(1)
            .withCheck(count -> count >= 1, "must be 1 or more");
    private static final Setting<Duration> WAIT = Setting.duration("demo.wait.time", "A wait.")
            .withDefault(Duration.ofSeconds(30));
    private static final Setting<Long> SPACE = Setting.size("demo.space", "Some space.").withDefault(1024L);
    private static final Setting<String> NAME = Setting.text("demo.name", "A name.").withDefault("code");
    private static final Setting<Path> DIR = Setting.path("demo.dir", "A directory.");
    private static final List<Setting<?>> ALL = List.of(COUNT, WAIT, SPACE, NAME, DIR);
    private static final Path FILE = Path.of("/etc/demo.properties");

    private static Properties file(String... lines) {
        Properties props = new Properties();
        for (String line : lines) {
            props.setProperty(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return props;
    }

    @Test
    void shouldDeriveTheVariableTheKeyAndTheFlagFromOneName() {
        assertEquals("DEMO_WAIT_TIME", WAIT.env());
        assertEquals("demo.wait.time", WAIT.key());
        assertEquals("--wait-time", WAIT.flag());
        assertEquals("--web-port", WorkerOptions.WEB_PORT.flag());
        assertEquals("MEPHISTO_WEB_PORT", WorkerOptions.WEB_PORT.env());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Setting.integer("Rooms", "x"));
        assertTrue(bad.getMessage().startsWith("setting key 'Rooms' must be lower-case words joined by dots"),
                bad.getMessage());
    }

    @Test
    void shouldTakeDefaultThenFileThenEnvironmentThenFlagForEveryKindOfSetting() {
        Properties file = file("demo.count=2", "demo.wait.time=2m", "demo.space=2KB", "demo.name=file",
                "demo.dir=/file");
        Map<String, String> env = Map.of("DEMO_COUNT", "3", "DEMO_WAIT_TIME", "3h", "DEMO_SPACE", "3MB",
                "DEMO_NAME", "env", "DEMO_DIR", "/env");
        Map<String, String> flags = Map.of("demo.count", "4", "demo.wait.time", "4d", "demo.space", "4GB",
                "demo.name", "flag", "demo.dir", "/flag");

        Settings defaults = Settings.defaults(ALL);
        assertEquals(List.of(1, Duration.ofSeconds(30), 1024L, "code"),
                List.of(defaults.get(COUNT), defaults.get(WAIT), defaults.get(SPACE), defaults.get(NAME)));
        assertTrue(defaults.find(DIR).isEmpty(), "no default, nothing set: unset");
        assertEquals("default", defaults.origin(COUNT));

        Settings fromFile = Settings.resolve(ALL, Map.of(), Map.of(), file, FILE);
        assertEquals(List.of(2, Duration.ofMinutes(2), 2048L, "file", Path.of("/file")), values(fromFile));
        assertEquals("config file /etc/demo.properties, key demo.wait.time", fromFile.origin(WAIT));

        Settings fromEnv = Settings.resolve(ALL, Map.of(), env, file, FILE);
        assertEquals(List.of(3, Duration.ofHours(3), 3L << 20, "env", Path.of("/env")), values(fromEnv));
        assertEquals("environment DEMO_WAIT_TIME", fromEnv.origin(WAIT));

        Settings fromFlags = Settings.resolve(ALL, flags, env, file, FILE);
        assertEquals(List.of(4, Duration.ofDays(4), 4L << 30, "flag", Path.of("/flag")), values(fromFlags));
        assertEquals("flag --wait-time", fromFlags.origin(WAIT));

        assertEquals(7, fromFlags.with(COUNT, 7).get(COUNT), "code over everything where code says so");
    }

    private static List<Object> values(Settings settings) {
        return List.of(settings.get(COUNT), settings.get(WAIT), settings.get(SPACE), settings.get(NAME),
                settings.get(DIR));
    }

    @Test
    void shouldParseEveryDurationOfTheOneGrammar() {
        Map<String, Duration> valid = Map.of("500ms", Duration.ofMillis(500), "30s", Duration.ofSeconds(30),
                "2m", Duration.ofMinutes(2), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1),
                "PT30S", Duration.ofSeconds(30), "pt1m30s", Duration.ofSeconds(90), " 45S ", Duration.ofSeconds(45));
        valid.forEach((text, expected) -> assertEquals(expected, WAIT.parse(text, "test"), text));
    }

    @Test
    void shouldRefuseABadDurationNamingTheSettingWhereItCameFromAndTheGrammar() {
        Map<String, String> refused = Map.of(
                "soon", "setting demo.wait.time (environment DEMO_WAIT_TIME): 'soon' is not a duration such as 500ms,"
                        + " 30s, 2m, 1h, 1d or ISO-8601 PT30S",
                "30", "setting demo.wait.time (environment DEMO_WAIT_TIME): '30' has no unit: write 30s for seconds"
                        + " or 30ms for milliseconds (a duration such as 500ms, 30s, 2m, 1h, 1d or ISO-8601 PT30S)",
                "5w", "setting demo.wait.time (environment DEMO_WAIT_TIME): '5w' is not a duration such as 500ms,"
                        + " 30s, 2m, 1h, 1d or ISO-8601 PT30S",
                "99999999999999999999s", "setting demo.wait.time (environment DEMO_WAIT_TIME):"
                        + " '99999999999999999999s' is too large for a duration such as 500ms, 30s, 2m, 1h, 1d or"
                        + " ISO-8601 PT30S");
        refused.forEach((text, expected) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.resolve(ALL, Map.of(), Map.of("DEMO_WAIT_TIME", text), new Properties(), FILE));
            assertEquals(expected, e.getMessage(), text);
        });
        IllegalArgumentException fromFile = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(ALL, Map.of(), Map.of(), file("demo.wait.time=later"), FILE));
        assertEquals("setting demo.wait.time (config file /etc/demo.properties, key demo.wait.time): 'later' is not a"
                + " duration such as 500ms, 30s, 2m, 1h, 1d or ISO-8601 PT30S", fromFile.getMessage());
    }

    @Test
    void shouldParseSizesAndRefuseOnesWithoutAUnit() {
        assertEquals(512L * 1024, SPACE.parse("512KB", "test"));
        assertEquals(64L << 20, SPACE.parse("64mib", "test"));
        assertEquals(100L, SPACE.parse("100B", "test"));
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> SPACE.parse("64", "flag --space"));
        assertEquals("setting demo.space (flag --space): '64' has no unit: write 64MB, 64KB or 64B (a size such as"
                + " 512KB, 64MB or 2GB (1KB = 1024 bytes))", bare.getMessage());
    }

    @Test
    void shouldRefuseAValueFailingItsCheckSayingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(ALL, Map.of("demo.count", "0"), Map.of(), new Properties(), FILE));
        assertEquals("setting demo.count (flag --count) must be 1 or more, got '0'", e.getMessage());
    }

    @Test
    void shouldNameAnUnknownKeyTheFileAndTheNearestKnownKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(WorkerOptions.SETTINGS, Map.of(), Map.of(),
                        file("mephisto.web.prot=7000", "mephisto.nothing.like.it=1"), FILE));
        assertEquals("config file /etc/demo.properties sets unknown setting mephisto.nothing.like.it; config file"
                + " /etc/demo.properties sets unknown setting mephisto.web.prot: did you mean mephisto.web.port?"
                + " (every setting, its flag, variable and key: 'worker --help')", e.getMessage());
    }

    @Test
    void shouldNameAMisspeltVariableButLeaveServiceLinksAndOtherPrefixesAlone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.resolve(WorkerOptions.SETTINGS, Map.of(), Map.of("MEPHISTO_THREDS", "2"),
                        new Properties(), FILE));
        assertEquals("environment variable MEPHISTO_THREDS is no setting: did you mean MEPHISTO_THREADS? (every"
                + " setting, its flag, variable and key: 'worker --help')", e.getMessage());

        Settings fine = Settings.resolve(WorkerOptions.SETTINGS, Map.of(), Map.of("MEPHISTO_PORT", "tcp://10.0.0.1:80",
                "MEPHISTO_SERVICE_HOST", "10.0.0.1", "PATH", "/bin", "KAFKA_HEAP_OPTS", "-Xmx1g"), new Properties(),
                FILE);
        assertEquals(6066, fine.get(WorkerOptions.WEB_PORT));
    }

    @Test
    void shouldReadStandardNamesAfterItsOwnAndPassOtherKeysToKafka() {
        Settings settings = Settings.resolve(WorkerOptions.SETTINGS, Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS",
                "standard:9092"), file("bootstrap.servers=file:9092", "commit.interval.ms=100"), FILE);
        assertEquals("standard:9092", settings.get(WorkerOptions.BROKER));
        assertEquals(Map.of("commit.interval.ms", "100"), settings.kafka());

        Settings own = Settings.resolve(WorkerOptions.SETTINGS, Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS",
                "standard:9092", "MEPHISTO_BROKER", "own:9092"), new Properties(), FILE);
        assertEquals("own:9092", own.get(WorkerOptions.BROKER));
        assertEquals("environment MEPHISTO_BROKER", own.origin(WorkerOptions.BROKER));
    }

    @Test
    void shouldRefuseASettingThatWasNotDeclared() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults(List.of(COUNT)).get(WAIT));
        assertEquals("setting demo.wait.time is not declared here; the declared settings are [demo.count]",
                e.getMessage());
    }
}
