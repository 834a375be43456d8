package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProcessingTallyTest {

    private static final long SECOND = 1_000_000_000L;

    /** The scrape lines of the processing family, as a Micrometer Timer published them before the tallies. */
    private static List<String> family(String scrape) {
        return scrape.lines().filter(line -> line.contains("mephisto_agent_processing_seconds")).sorted().toList();
    }

    @Test
    void shouldPublishTheSameFamilyAsTheMicrometerTimerItReplacesWhenGivenTheSameRecords() {
        PrometheusMeterRegistry before = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        before.config().commonTags("app", "shop");
        // the Timer AgentMetrics bound up to 0.2.0
        Timer timer = Timer.builder("mephisto.agent.processing").description(AgentProcessingCollector.HELP)
                .tag("agent", "pass").publishPercentileHistogram().minimumExpectedValue(ProcessingTally.MIN_EXPECTED)
                .maximumExpectedValue(ProcessingTally.MAX_EXPECTED).register(before);
        PrometheusMeterRegistry now = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics agent = new AgentMetrics("pass");
        now.getPrometheusRegistry().register(new AgentProcessingCollector("shop", List.of(agent)));
        ProcessingTally task = agent.open();

        // every bound, one either side of it, and values past the last bucket
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 999L, 61 * SECOND, 90 * SECOND));
        for (long bound : ProcessingTally.BOUNDS) {
            values.addAll(List.of(bound - 1, bound, bound + 1));
        }
        long ended = System.nanoTime();
        for (long nanos : values) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            task.record(nanos, ended);
        }

        List<String> expected = family(before.scrape());
        List<String> actual = family(now.scrape());
        assertTrue(expected.size() > 100, expected.toString());
        // the max is the same one value: both must show the longest record, 90 s
        assertEquals(expected, actual);
        assertEquals(values.size(), agent.consumed());
    }

    @Test
    void shouldKeepAClosedTasksRecordsAndSendsWhenItsTaskCloses() {
        AgentMetrics agent = new AgentMetrics("a");
        ProcessingTally first = agent.open();
        ProcessingTally second = agent.open();
        long ended = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            first.record(2_000_000, ended);
            first.sent();
        }
        second.record(4_000_000, ended);
        ProcessingTally third = agent.open();
        third.record(1_000_000, ended);
        third.sent();

        agent.close(first);
        agent.close(first); // closing twice counts once

        assertEquals(12, agent.consumed());
        assertEquals(11, agent.sent());
        assertEquals((10 * 2.0 + 4 + 1) / 12, agent.sinceStart().meanMillis(), 1e-9);
        assertEquals(4_000_000, agent.sum().maxNanos, "the open task's max; the closed one's is older and smaller");
    }

    @Test
    void shouldForgetTheMaxOfRecordsOlderThanAboutTwoMinutes() {
        ProcessingTally tally = new ProcessingTally();
        long start = 1_000 * SECOND;
        tally.record(5 * SECOND, start);
        tally.record(1_000, start + 40 * SECOND);

        assertEquals(5 * SECOND, max(tally, start + 90 * SECOND), "90 s later the 5 s record still counts");
        assertEquals(1_000, max(tally, start + 150 * SECOND), "150 s later only the newer record counts");
        assertEquals(0, max(tally, start + 300 * SECOND), "nothing in the last two minutes");
    }

    private static long max(ProcessingTally tally, long nowNanos) {
        ProcessingTally.Sum sum = new ProcessingTally.Sum();
        tally.addTo(sum, nowNanos);
        return sum.maxNanos;
    }

    @Test
    void shouldAddUpTasksWrittenOnTheirOwnThreadsWhileAReaderSumsThem() throws Exception {
        AgentMetrics agent = new AgentMetrics("a");
        int perThread = 200_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            ProcessingTally tally = agent.open();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    long nanos = 1_000 + (i % 5_000);
                    tally.record(nanos, System.nanoTime());
                    tally.sent();
                }
            });
            writers.add(writer);
        }
        AtomicReference<String> wentBack = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long consumed = agent.consumed();
                if (consumed < last) {
                    wentBack.set(last + " then " + consumed);
                }
                last = consumed;
            }
        });
        reader.start();
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join(60_000);
        }
        reader.interrupt();
        reader.join(60_000);

        assertEquals(null, wentBack.get(), "a reading never goes back");
        assertEquals(2L * perThread, agent.consumed());
        assertEquals(2L * perThread, agent.sent());
    }

    @Test
    void shouldPutADurationInTheFirstBucketWhoseBoundIsAtLeastIt() {
        for (int i = 0; i < ProcessingTally.BOUNDS.length; i++) {
            long bound = ProcessingTally.BOUNDS[i];
            assertEquals(i, ProcessingTally.bucket(bound), "at bound " + bound);
            assertEquals(i + 1, ProcessingTally.bucket(bound + 1), "just over bound " + bound);
        }
        assertEquals(0, ProcessingTally.bucket(0));
        assertEquals(ProcessingTally.BOUNDS.length, ProcessingTally.bucket(Long.MAX_VALUE));
    }

    @Test
    void shouldCountEveryRecordButTimeOnlySomeWhenRecordsAreFast() {
        AgentMetrics agent = new AgentMetrics("fast");
        ProcessingTally tally = agent.open();
        int records = 16_000;
        int timed = 0;
        for (int i = 0; i < records; i++) {
            long started = tally.start();
            if (started != 0) {
                timed++;
            }
            tally.end(started);
        }

        assertEquals(records, agent.consumed(), "every record counts");
        // one in 16 on average: 1,000 expected; the gaps are random, so allow a wide margin
        assertTrue(timed > 500 && timed < 2_000, timed + " of " + records + " timed");
        AgentMetrics.Figures figures = agent.sinceStart();
        assertEquals(records, figures.cumulative()[figures.cumulative().length - 1], "the buckets hold every record");
    }

    @Test
    void shouldTimeEveryRecordWhileRecordsTakeLongerThanTheThreshold() {
        ProcessingTally tally = new ProcessingTally();
        for (int i = 0; i < 50; i++) {
            long started = tally.start();
            assertTrue(started != 0, "record " + i + " was not timed");
            long until = System.nanoTime() + ProcessingTally.ALWAYS_TIMED_NANOS + 5_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            tally.end(started);
        }
    }

    @Test
    void shouldCountAnUntimedRecordInTheBucketAndSumOfTheLastOneTimed() {
        AgentMetrics agent = new AgentMetrics("a");
        ProcessingTally tally = agent.open();
        long ended = System.nanoTime();
        tally.record(7_000_000, ended);
        tally.record(3_000_000, ended);
        tally.end(0); // not timed: counts as the 3 ms record

        ProcessingTally.Sum sum = agent.sum();
        assertEquals(3, sum.count());
        assertEquals(13_000_000, sum.totalNanos);
        assertEquals(2, sum.counts[ProcessingTally.bucket(3_000_000)]);
        assertEquals(7_000_000, sum.maxNanos);
    }
}
