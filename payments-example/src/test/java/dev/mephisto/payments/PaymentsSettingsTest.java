package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.ProcessingGuarantee;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payments settings through the command line: defaults &lt; config file &lt; environment &lt; flags. */
class PaymentsSettingsTest {

    private record Run(int code, String out, String err, PaymentsSettings settings) {
    }

    private static Run run(Map<String, String> env, String... args) {
        PaymentsSettings[] seen = new PaymentsSettings[1];
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PaymentsMain.cli(settings -> {
            seen[0] = PaymentsSettings.from(settings);
            return PaymentsApp.create(seen[0]);
        }).env(env).out(new PrintWriter(out)).err(new PrintWriter(err)).run(args);
        return new Run(code, out.toString(), err.toString(), seen[0]);
    }

    @Test
    void shouldDefaultToExactlyOnceWithAThirtySecondWindow() {
        PaymentsSettings settings = run(Map.of(), "topics").settings();

        assertEquals(ProcessingGuarantee.EXACTLY_ONCE, settings.guarantee());
        assertEquals(Duration.ofSeconds(30), settings.reconcileWindow());
        assertEquals(Duration.ofHours(24), settings.dedupRetention());
        assertEquals(3, settings.partitions());
    }

    @Test
    void shouldTakeFlagsOverEnvironmentOverConfigFileOverDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("payments.properties"), String.join("\n",
                "payments.partitions=5", "payments.replication=2", "payments.reconcile.window=10s",
                "payments.commit.interval=2s"));
        Map<String, String> env = Map.of(
                "PAYMENTS_PARTITIONS", "6",
                "PAYMENTS_GUARANTEE", "at_least_once",
                "PAYMENTS_RECONCILE_WINDOW", "5s",
                "PAYMENTS_RECONCILE_GRACE", "500ms",
                "PAYMENTS_DEDUP_RETENTION", "PT2H");

        Run viaRoot = run(env, "--config", file.toString(), "--replication", "3", "--reconcile-window", "1m", "topics");
        assertEquals(0, viaRoot.code(), viaRoot.err());
        PaymentsSettings settings = viaRoot.settings();
        assertEquals(6, settings.partitions(), "environment over file");
        assertEquals(3, settings.replication(), "flag over file");
        assertEquals(Duration.ofMinutes(1), settings.reconcileWindow(), "flag over environment");
        assertEquals(Duration.ofSeconds(2), settings.commitInterval(), "file over default");
        assertEquals(ProcessingGuarantee.AT_LEAST_ONCE, settings.guarantee());
        assertEquals(Duration.ofMillis(500), settings.reconcileGrace());
        assertEquals(Duration.ofHours(2), settings.dedupRetention());
        assertEquals(Duration.ofHours(2), settings.dedupRetention(), "environment over default");
        assertTrue(viaRoot.out().lines().anyMatch(line -> line.matches("incoming_payment_received .* 6 +3 \\(default\\) .*")),
                viaRoot.out());
    }

    @Test
    void shouldSayWhichSettingIsWrongWhereItCameFromAndWhatItShouldBe(@TempDir Path dir) throws Exception {
        Run badEnv = run(Map.of("PAYMENTS_RECONCILE_WINDOW", "thirty"), "topics");
        assertEquals(1, badEnv.code());
        assertEquals("error: setting payments.reconcile.window (environment PAYMENTS_RECONCILE_WINDOW): 'thirty' is not"
                + " a duration such as 500ms, 30s, 2m, 1h, 1d or ISO-8601 PT30S", badEnv.err().trim());

        Run badGuarantee = run(Map.of(), "--guarantee", "twice", "topics");
        assertEquals(1, badGuarantee.code());
        assertEquals("error: setting payments.guarantee (flag --guarantee): 'twice' is no guarantee: use exactly_once"
                + " (the default) or at_least_once", badGuarantee.err().trim());

        Path file = Files.writeString(dir.resolve("p.properties"), "payments.reconcile.windw=10s\n");
        Run typo = run(Map.of(), "--config", file.toString(), "topics");
        assertEquals(1, typo.code());
        assertEquals("error: config file " + file.toAbsolutePath() + " sets unknown setting payments.reconcile.windw:"
                + " did you mean payments.reconcile.window? (every setting, its flag, variable and key: 'worker"
                + " --help')", typo.err().trim());
    }

    @Test
    void shouldListThePaymentsSettingsInTheHelpOfTheAppAndOfWorker() {
        for (List<String> args : List.of(List.of("--help"), List.of("worker", "--help"))) {
            Run help = run(Map.of(), new ArrayList<>(args).toArray(String[]::new));
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().contains("--reconcile-window=DURATION"), help.out());
            assertTrue(help.out().contains("default exactly_once)"), help.out());
            String joined = help.out().replaceAll("\\s+", " ");
            assertTrue(joined.contains("(PAYMENTS_RECONCILE_WINDOW, payments.reconcile. window; default 30s)")
                    || joined.contains("(PAYMENTS_RECONCILE_WINDOW, payments.reconcile.window; default 30s)"), joined);
        }
    }
}
