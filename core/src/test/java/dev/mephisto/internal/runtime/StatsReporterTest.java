package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsReporterTest {

    @Test
    void shouldReportTheIntervalAndTheTotalsPerAgent() {
        AgentMetrics split = new AgentMetrics("split");
        AgentMetrics count = new AgentMetrics("count");
        try (StatsReporter stats = StatsReporter.start(List.of(split, count), Duration.ZERO)) {
            for (int i = 0; i < 100; i++) {
                split.recordProcessed(1_000_000); // 1 ms
            }
            split.recordError();
            stats.report();
            for (int i = 0; i < 10; i++) {
                split.recordProcessed(3_000_000);
            }
            stats.report();

            StatsReporter.Snapshot last = stats.snapshots().get(0);
            assertEquals("split", last.agent());
            assertEquals(10, last.consumed(), "consumed in the last interval");
            assertEquals(0, last.errors());
            assertEquals(110, last.totalConsumed());
            assertEquals(1, last.totalErrors());
            assertEquals(3.0, last.meanMillis(), 0.05);
            assertEquals(3.0, last.p99Millis(), 0.05);
            assertTrue(last.ratePerSecond() > 0);
            assertEquals(0, stats.snapshots().get(1).totalConsumed());
        }
    }

    @Test
    void shouldMeasureMeanAndP99SinceStart() {
        AgentMetrics agent = new AgentMetrics("a");
        for (int i = 0; i < 99; i++) {
            agent.recordProcessed(1_000_000);
        }
        agent.recordProcessed(50_000_000);
        agent.takeInterval();

        assertEquals(1.49, agent.meanMillis(), 0.01);
        assertEquals(1.0, agent.p99MillisSinceStart(), 0.05);
    }
}
