package dev.mephisto.bench.jmh;

import dev.mephisto.AgentContext;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * What each per-record piece of an agent costs on its own, on the stream thread: the Micrometer
 * Timer a worker recorded into up to 0.2.0 (built as it was built, in a Prometheus registry; since
 * 0.3.0 each task keeps a plain per-task tally instead, which this module cannot reach: see the
 * benchmarks page), a {@code LongAdder} count, the two clock reads, and the four log-context calls
 * (logback's adapter, as the harness ships it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PerRecordCostsBenchmark {

    private Timer timer;
    private final LongAdder adder = new LongAdder();
    private final String requestId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private long nanos = 1_234;

    @Setup
    public void setUp() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // as AgentMetrics.bindTo built it up to 0.2.0
        timer = Timer.builder("mephisto.agent.processing").tag("agent", "pass").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    @Benchmark
    public void timerRecord() {
        nanos = (nanos * 31 + 7) & 0xFFFFF; // a spread of values up to 1 ms, so different buckets
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void longAdderIncrement() {
        adder.increment();
    }

    @Benchmark
    public long twoClockReads() {
        long started = System.nanoTime();
        return System.nanoTime() - started;
    }

    @Benchmark
    public void logContextPutAndRemove() {
        MDC.put(AgentContext.REQUEST_ID_MDC_KEY, requestId);
        MDC.put(AgentContext.AGENT_MDC_KEY, "pass");
        MDC.remove(AgentContext.REQUEST_ID_MDC_KEY);
        MDC.remove(AgentContext.AGENT_MDC_KEY);
    }
}
