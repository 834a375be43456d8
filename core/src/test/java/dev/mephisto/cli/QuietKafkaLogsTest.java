package dev.mephisto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietKafkaLogsTest {

    @Test
    void shouldSilenceKafkaLoggersEvenWhereTheConfigSetsThemAndRestoreThemAfterTheLastCommand() {
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Logger networkClient = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
        Level kafkaBefore = kafka.getLevel();
        Level networkClientBefore = networkClient.getLevel();
        networkClient.setLevel(Level.WARN); // as a jar's logback.xml may set it
        try {
            try (QuietKafkaLogs outer = QuietKafkaLogs.silence()) {
                try (QuietKafkaLogs inner = QuietKafkaLogs.silence()) {
                    assertFalse(networkClient.isErrorEnabled(), "configured child silenced");
                }
                assertFalse(networkClient.isErrorEnabled(), "still silenced while another command runs");
                assertFalse(LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender" + "Quiet")
                        .isErrorEnabled(), "a logger made later inherits the silence");
                assertTrue(LoggerFactory.getLogger("dev.mephisto.cli.Cli").isInfoEnabled(), "ours untouched");
            }
            assertEquals(Level.WARN, networkClient.getLevel());
            assertEquals(kafkaBefore, kafka.getLevel());
            assertTrue(networkClient.isWarnEnabled());
        } finally {
            networkClient.setLevel(networkClientBefore);
        }
    }
}
