package dev.mephisto.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

class DefaultLoggingTest {

    private final LoggingOnStandardError logging = new LoggingOnStandardError();
    private LoggerContext context;

    @BeforeEach
    void captureStandardError() {
        context = logging.start();
    }

    @AfterEach
    void restore() {
        logging.stop();
    }

    @Test
    void shouldWriteOneConciseInfoLineWithoutRequestIdWhenThereIsNone() {
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());

        context.getLogger("dev.mephisto.internal.worker.WorkerEngine").info("worker running app={}", "payments");
        context.getLogger("dev.mephisto.internal.worker.WorkerEngine").debug("not shown");

        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  WorkerEngine - worker running app=payments"),
                lines.get(0));
    }

    @Test
    void shouldNameTheRequestIdWhenTheRecordHasOne() {
        configure();
        MDC.put("requestId", "r-42");

        context.getLogger("dev.mephisto.payments.Agents").warn("payment refused");

        assertTrue(lines().get(0).endsWith("WARN  Agents requestId=r-42 - payment refused"), lines().toString());
    }

    @Test
    void shouldDropKafkaKnownHarmlessWarningsAndKeepTheOthers() {
        configure();
        Logger controller = context.getLogger("org.apache.kafka.controller.QuorumController");
        Logger client = context.getLogger("org.apache.kafka.clients.NetworkClient");

        controller.warn("[QuorumController id=1] Performing controller activation. The metadata log appears to be empty."
                + " Appending {} bootstrap record(s)", 6);
        client.warn("[Consumer clientId=c] Connection to node {} could not be established.", -1);
        client.info("[Consumer clientId=c] Kafka's info lines stay out");

        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("WARN  NetworkClient - [Consumer clientId=c] Connection to node -1"), lines.get(0));
    }

    @Test
    void shouldAskOneTurboFilterAboutEachLogCall() {
        configure();

        // logback calls a lone turbo filter directly and walks a list for two or more, on every log call
        assertEquals(1, context.getTurboFilterList().size(), context.getTurboFilterList().toString());
        assertTrue(context.getTurboFilterList().get(0) instanceof MephistoTurboFilter);
    }

    @Test
    void shouldStepAsideWhenAConfigurationFileIsNamed() {
        System.setProperty("logback.configurationFile", "my-logback.xml");
        try {
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure());
        } finally {
            System.clearProperty("logback.configurationFile");
        }
        assertTrue(context.getTurboFilterList().isEmpty(), "nothing of the defaults applied");
    }

    private ExecutionStatus configure() {
        return logging.configureDefaults();
    }

    private List<String> lines() {
        return logging.lines();
    }
}
