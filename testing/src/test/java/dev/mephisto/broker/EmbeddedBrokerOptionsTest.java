package dev.mephisto.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedBrokerOptionsTest {

    @Test
    void shouldDefaultToDotMephistoKafkaOnPort9092() {
        EmbeddedBroker.Options defaults = EmbeddedBroker.Options.defaults();
        assertEquals(Path.of(".mephisto", "kafka"), defaults.dataDir());
        assertEquals(9092, defaults.port());
        assertEquals(Duration.ofSeconds(30), defaults.startupTimeout());
    }

    @Test
    void shouldCopyOnEveryWithAndLeaveTheOriginalAlone() {
        EmbeddedBroker.Options defaults = EmbeddedBroker.Options.defaults();
        EmbeddedBroker.Options custom = defaults.withDataDir(Path.of("/tmp/k")).withPort(0)
                .withStartupTimeout(Duration.ofSeconds(5));

        assertEquals(Path.of("/tmp/k"), custom.dataDir());
        assertEquals(0, custom.port());
        assertEquals(Duration.ofSeconds(5), custom.startupTimeout());
        assertEquals(9092, defaults.port());
        assertNotEquals(defaults, custom);
        assertEquals(custom, defaults.withDataDir(Path.of("/tmp/k")).withPort(0).withStartupTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void shouldRejectBadArgumentsWithTheirName() {
        EmbeddedBroker.Options defaults = EmbeddedBroker.Options.defaults();
        assertTrue(assertThrows(NullPointerException.class, () -> defaults.withDataDir(null))
                .getMessage().contains("dataDir"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withPort(-1))
                .getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withPort(70_000))
                .getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withStartupTimeout(Duration.ZERO))
                .getMessage().contains("timeout"));
        assertThrows(NullPointerException.class, () -> EmbeddedBroker.start(null));
    }
}
