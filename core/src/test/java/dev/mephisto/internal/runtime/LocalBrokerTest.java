package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core alone has no broker: asking for one names the artifact that brings it. */
class LocalBrokerTest {

    @Test
    void shouldNameTheBrokerArtifactWhenNoLauncherIsOnTheClasspath(@TempDir Path dir) {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> LocalBroker.start(dir, 0));

        assertTrue(error.getMessage().contains("add the dependency dev.mephisto:mephisto-broker"), error.getMessage());
        assertTrue(error.getMessage().contains("--broker host:port"), error.getMessage());
    }

    @Test
    void shouldStopTheWorkerWithOneLineNamingTheArtifactWhenNoBrokerIsConfiguredAndNoneEmbedded(@TempDir Path dir) {
        App app = App.create("words");
        app.agent("echo", app.topic("in", Codec.string(), Codec.string()), (key, value, ctx) -> { });
        StringWriter err = new StringWriter();

        int code = Cli.of(settings -> app).env(Map.of()).out(new PrintWriter(new StringWriter()))
                .err(new PrintWriter(err)).run("worker", "--data-dir", dir.toString(), "--web-port", "0");

        assertEquals(1, code, err.toString());
        assertEquals("error: " + LocalBroker.missingMessage(), err.toString().strip());
    }
}
