package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --version}: the app's version, Mephisto's and Kafka's, on three lines. */
class CliVersionTest {

    private static List<String> versionLines(Cli<App> cli, String... args) {
        StringWriter out = new StringWriter();
        int code = cli.out(new PrintWriter(out)).err(new PrintWriter(new StringWriter())).run(args);
        assertEquals(0, code, out.toString());
        return out.toString().lines().toList();
    }

    @Test
    void shouldPrintTheAppMephistoAndKafkaVersionsWhenAskedForTheVersion() {
        List<String> lines = versionLines(Cli.of(settings -> App.create("payments")).version("1.4.2"), "--version");

        assertEquals(3, lines.size(), lines.toString());
        assertEquals("payments 1.4.2", lines.get(0));
        assertTrue(lines.get(1).matches("Mephisto \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines.get(1));
        assertEquals("Kafka 4.4.0", lines.get(2));
    }

    @Test
    void shouldPrintTheVersionsFromASubcommandToo() {
        List<String> lines = versionLines(Cli.of(settings -> App.create("payments")).version("1.4.2"), "worker", "-V");

        assertEquals("payments 1.4.2", lines.get(0));
        assertEquals("Kafka 4.4.0", lines.get(2));
    }

    @Test
    void shouldSayTheAppVersionIsUnknownWhenNeitherGivenNorInAJarManifest() {
        List<String> lines = versionLines(Cli.of(settings -> App.create("payments")), "--version");

        assertEquals("payments " + Versions.UNKNOWN, lines.get(0));
    }
}
