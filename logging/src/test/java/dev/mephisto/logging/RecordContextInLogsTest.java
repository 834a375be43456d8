package dev.mephisto.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.internal.runtime.RecordLogContext;
import dev.mephisto.testing.AppTestDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A real app through the test driver, under the default logging setup. */
class RecordContextInLogsTest {

    private static final Logger log = LoggerFactory.getLogger("com.example.Orders");

    private final LoggingOnStandardError logging = new LoggingOnStandardError();
    private LoggerContext context;
    /** Per record: the MDC's request id as the agent's code found it, then the context's. */
    private final List<String> seen = new ArrayList<>();

    private final App app = App.create("orders");
    private final Topic<String, String> orders = app.topic("orders", Codec.string(), Codec.string());
    private final Topic<String, String> accepted = app.topic("accepted", Codec.string(), Codec.string());

    RecordContextInLogsTest() {
        app.agent("accept", orders, (key, order, ctx) -> {
            if (order.startsWith("debug")) {
                log.debug("checking {}", order); // below INFO: not written
            }
            if (order.startsWith("log")) {
                log.info("accepting {}", order);
            }
            if (order.startsWith("trace")) {
                log.trace("tracing {}", order);
            }
            seen.add(MDC.get("requestId") + "/" + MDC.get("agent") + "/" + ctx.requestId());
            ctx.send(accepted, key, order);
        }).sendsTo(accepted);
    }

    @BeforeEach
    void configureTheDefaults() {
        context = logging.start();
        logging.configureDefaults();
    }

    @AfterEach
    void restore() {
        logging.stop();
    }

    @Test
    void shouldWriteTheRecordsRequestIdOnALineItsAgentLogs() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", "log o-1", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-1"));
            log.info("between records");
            driver.send(orders, "k2", "log o-2", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-2"));
        }

        List<String> lines = lines().stream().filter(line -> line.contains("Orders")).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("INFO  Orders requestId=r-1 - accepting log o-1"), lines.get(0));
        assertTrue(lines.get(1).endsWith("INFO  Orders - between records"), "no record, no request id: " + lines.get(1));
        assertTrue(lines.get(2).endsWith("INFO  Orders requestId=r-2 - accepting log o-2"), lines.get(2));
        assertEquals(List.of("r-1/accept/r-1", "r-2/accept/r-2"), seen, "the MDC holds a logged record's context");
        assertNull(MDC.get("requestId"), "the log context is cleared after each record");
        assertNull(MDC.get("agent"));
    }

    @Test
    void shouldLeaveTheMdcAloneForARecordThatWritesNoLine() {
        assertTrue(RecordLogContext.fillsOnDemand(), "the default setup fills the MDC on demand");
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", "quiet o-1", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-1"));
            driver.send(orders, "k2", "debug o-2", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-2"));

            assertEquals(List.of("quiet o-1", "debug o-2"), driver.readValues(accepted));
        }

        assertEquals(List.of("null/null/r-1", "null/null/r-2"), seen,
                "no line written, nothing put into the MDC; the agent's code still has its request id");
        assertFalse(lines().stream().anyMatch(line -> line.contains("Orders")), lines().toString());
    }

    @Test
    void shouldWriteTheRecordsRequestIdOnATraceLineOnceItsLoggerIsSetToTrace() {
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", "trace o-1", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-1"));
            context.getLogger("com.example").setLevel(ch.qos.logback.classic.Level.TRACE);
            driver.send(orders, "k2", "trace o-2", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-2"));
        }

        List<String> lines = lines().stream().filter(line -> line.contains("Orders")).toList();
        assertEquals(1, lines.size(), "the first trace line is below the level: " + lines);
        assertTrue(lines.get(0).endsWith("TRACE Orders requestId=r-2 - tracing trace o-2"), lines.get(0));
        assertEquals(List.of("null/null/r-1", "r-2/accept/r-2"), seen);
    }

    @Test
    void shouldPutEveryRecordsContextIntoTheMdcWhenTheFilterIsNotConfigured() {
        context.reset(); // a logback.xml of the app's own, without the filter
        assertFalse(RecordLogContext.fillsOnDemand(), "a stopped filter hands the MDC back to the worker");
        try (AppTestDriver driver = AppTestDriver.create(app)) {
            driver.send(orders, "k1", "quiet o-1", AppTestDriver.DEFAULT_START, Map.of("requestId", "r-1"));
        }

        assertEquals(List.of("r-1/accept/r-1"), seen);
        assertNull(MDC.get("requestId"), "the log context is cleared after each record");
    }

    private List<String> lines() {
        return logging.lines();
    }
}
