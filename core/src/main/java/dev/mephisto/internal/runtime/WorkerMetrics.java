package dev.mephisto.internal.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/** One worker's Prometheus registry: Kafka Streams' own metrics plus each agent's counters. */
public final class WorkerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreamsMetrics kafkaMetrics;

    public WorkerMetrics(String app, KafkaStreams streams, List<AgentMetrics> agents, DeadLetterTopic deadLetters) {
        registry.config().commonTags("app", app);
        kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
        FunctionCounter.builder("mephisto.dead.letters.failed", deadLetters, DeadLetterTopic::failed)
                .description("dead letters that could not be written (logged; the worker carried on)")
                .register(registry);
        FunctionCounter.builder("mephisto.dead.letters.truncated", deadLetters, DeadLetterTopic::truncated)
                .description("dead letters cut to fit the dead-letter topic's size limit").register(registry);
        for (AgentMetrics agent : agents) {
            FunctionCounter.builder("mephisto.agent.consumed", agent, AgentMetrics::consumed)
                    .description("records an agent handled").tag("agent", agent.agent()).register(registry);
            FunctionCounter.builder("mephisto.agent.errors", agent, AgentMetrics::errors)
                    .description("records an agent failed on or rejected").tag("agent", agent.agent())
                    .register(registry);
            Gauge.builder("mephisto.agent.processing.mean.ms", agent, AgentMetrics::meanMillis)
                    .description("mean processing time since start").tag("agent", agent.agent()).register(registry);
            Gauge.builder("mephisto.agent.processing.p99.ms", agent, AgentMetrics::p99MillisSinceStart)
                    .description("99th percentile of processing time since start, as of the last STATS interval")
                    .tag("agent", agent.agent()).register(registry);
        }
    }

    /** Reports the metrics of {@code streams} from now on: a worker rebuilding a global store replaces its Kafka Streams. */
    public synchronized void rebind(KafkaStreams streams) {
        kafkaMetrics.close();
        kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        kafkaMetrics.close();
        registry.close();
    }
}
