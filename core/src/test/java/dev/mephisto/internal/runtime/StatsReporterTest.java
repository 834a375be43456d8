package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsReporterTest {

    @Test
    void shouldReportTheIntervalAndTheTotalsPerAgent() {
        AgentMetrics split = new AgentMetrics("split");
        AgentMetrics count = new AgentMetrics("count");
        try (StatsReporter stats = StatsReporter.start(List.of(split, count), Duration.ZERO)) {
            ProcessingTally task = split.open();
            for (int i = 0; i < 100; i++) {
                task.record(1_000_000, System.nanoTime()); // 1 ms
            }
            split.recordError();
            task.sent();
            stats.report();
            for (int i = 0; i < 10; i++) {
                task.record(3_000_000, System.nanoTime());
            }
            stats.report();

            StatsReporter.Snapshot last = stats.snapshots().get(0);
            assertEquals("split", last.agent());
            assertEquals(10, last.interval().consumed(), "consumed in the last interval");
            assertEquals(0, last.interval().errors());
            assertEquals(110, last.total().consumed());
            assertEquals(1, last.total().errors());
            assertEquals(1, last.total().sent());
            assertEquals(3.0, last.interval().meanMillis(), 0.05);
            assertEquals(3.0, last.interval().p99Millis(), 3.0 * 0.34, "within the bucket around 3 ms");
            assertTrue(last.interval().ratePerSecond() > 0);
            assertEquals(0, stats.snapshots().get(1).total().consumed());
        }
    }

    @Test
    void shouldGiveTheSinceStartP99BeforeAnyIntervalWasReported() {
        AgentMetrics agent = new AgentMetrics("a");
        ProcessingTally task = agent.open();
        for (int i = 0; i < 100; i++) {
            task.record(14_400_000, System.nanoTime()); // 14.4 ms
        }
        try (StatsReporter stats = StatsReporter.start(List.of(agent), Duration.ZERO)) {
            StatsReporter.Window total = stats.snapshots().get(0).total();
            assertEquals(14.4, total.meanMillis(), 0.01);
            assertTrue(total.p99Millis() >= 14.4 * 0.66 && total.p99Millis() <= 14.4 * 1.34,
                    "p99 is in the bucket of 14.4 ms, not 0: " + total.p99Millis());
        }
    }

    @Test
    void shouldComputeTheQuantileFromTheBucketsThePrometheusScrapeShows() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics agent = new AgentMetrics("a");
        registry.getPrometheusRegistry().register(new AgentProcessingCollector("app", List.of(agent)));
        ProcessingTally task = agent.open();
        for (int i = 0; i < 99; i++) {
            task.record(1_000_000, System.nanoTime());
        }
        task.record(50_000_000, System.nanoTime());
        AgentMetrics.Figures figures = agent.sinceStart();

        assertEquals(1.49, figures.meanMillis(), 0.01);
        double p99 = figures.quantileMillis(0.99);
        String scrape = registry.scrape();
        // the bucket whose upper bound is the first at or over the p99 holds 99 records in the scrape too
        String bucket = scrape.lines().filter(line -> line.startsWith("mephisto_agent_processing_seconds_bucket"))
                .filter(line -> line.endsWith(" 99")).findFirst().orElseThrow(() -> new AssertionError(scrape));
        double upperSeconds = Double.parseDouble(bucket.replaceAll(".*le=\"([^\"]+)\".*", "$1"));
        assertTrue(p99 <= upperSeconds * 1000 + 1e-9 && p99 > 0.5, "p99 " + p99 + " ms within " + bucket);
        assertTrue(scrape.contains("# TYPE mephisto_agent_processing_seconds histogram"), scrape);
    }
}
