package dev.mephisto.internal.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One worker's Prometheus registry, by Micrometer's conventions: per agent a histogram of
 * processing time in seconds, read from the agent's tallies at scrape time
 * ({@link AgentProcessingCollector}), and counters of records consumed, sent and failed; dead letters; key-value
 * table sizes; Kafka Streams' own metrics (consumer lag per partition among them); and the JVM and
 * process binders.
 */
public final class WorkerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics kafkaMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Set<String> lagGauges = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> lagValues = new ConcurrentHashMap<>();

    public WorkerMetrics(String app, KafkaStreams streams, List<AgentMetrics> agents, DeadLetterTopic deadLetters,
            List<String> keyValueTables) {
        this.streams = streams;
        registry.config().commonTags("app", app);
        kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        FunctionCounter.builder("mephisto.dead.letters", deadLetters, DeadLetterTopic::made)
                .description("dead letters made, of every kind (decode, agent, produce, sink, feed)").register(registry);
        FunctionCounter.builder("mephisto.dead.letters.failed", deadLetters, DeadLetterTopic::failed)
                .description("dead letters that could not be written (logged; the worker carried on)")
                .register(registry);
        FunctionCounter.builder("mephisto.dead.letters.truncated", deadLetters, DeadLetterTopic::truncated)
                .description("dead letters cut to fit the dead-letter topic's size limit").register(registry);
        registry.getPrometheusRegistry().register(new AgentProcessingCollector(app, agents));
        for (AgentMetrics agent : agents) {
            FunctionCounter.builder("mephisto.agent.consumed", agent, AgentMetrics::consumed)
                    .description("records an agent handled").tag("agent", agent.agent()).register(registry);
            FunctionCounter.builder("mephisto.agent.sent", agent, AgentMetrics::sent)
                    .description("records an agent sent").tag("agent", agent.agent()).register(registry);
            FunctionCounter.builder("mephisto.agent.errors", agent, AgentMetrics::errors)
                    .description("records an agent failed on or rejected").tag("agent", agent.agent())
                    .register(registry);
        }
        for (String table : keyValueTables) {
            Gauge.builder("mephisto.table.entries", this, metrics -> metrics.approximateEntries(table))
                    .description("approximate entries of a key-value table on this worker's partitions (NaN while"
                            + " not queryable)").tag("table", table).register(registry);
        }
    }

    /** Reports the metrics of {@code streams} from now on: a worker rebuilding a global store replaces its Kafka Streams. */
    public synchronized void rebind(KafkaStreams streams) {
        this.streams = streams;
        kafkaMetrics.close();
        kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
    }

    /** RocksDB's estimate over this worker's partitions, read at scrape time only. */
    public double approximateEntries(String table) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(table,
                    QueryableStoreTypes.keyValueStore())).approximateNumEntries();
        } catch (RuntimeException notQueryable) {
            return Double.NaN;
        }
    }

    /**
     * The Prometheus text exposition. The lag gauges follow the partitions as they are assigned
     * (Kafka's own per-partition metrics appear only after a rebalance, which Micrometer's Kafka
     * binder picks up a minute later at best).
     */
    public String scrape() {
        Map<String, Map<Integer, Long>> now = lag();
        Map<String, Long> flat = new HashMap<>();
        now.forEach((topic, partitions) -> partitions.forEach((partition, records) -> {
            String key = topic + "/" + partition;
            flat.put(key, records);
            if (lagGauges.add(key)) {
                Gauge.builder("mephisto.consumer.lag", lagValues, values -> values.getOrDefault(key, Double.NaN))
                        .description("records a stream thread of this worker is behind on a partition it reads"
                                + " (NaN once the partition moved to another worker)")
                        .baseUnit("records").tag("topic", topic).tag("partition", String.valueOf(partition))
                        .register(registry);
            }
        }));
        lagValues.keySet().retainAll(flat.keySet());
        flat.forEach((key, records) -> lagValues.put(key, records.doubleValue()));
        return registry.scrape();
    }

    /**
     * The consumer lag of each topic partition this worker reads, as its stream threads last saw it
     * ({@code records-lag}, the metric {@code kafka_consumer_fetch_manager_records_lag} publishes):
     * topic, then partition, then records behind.
     */
    public Map<String, Map<Integer, Long>> lag() {
        Map<String, Map<Integer, Long>> lag = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            if (!"records-lag".equals(name.name()) || topic == null || partition == null) {
                continue;
            }
            if (entry.getValue().metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                lag.computeIfAbsent(topic, t -> new TreeMap<>()).merge(Integer.parseInt(partition),
                        value.longValue(), Math::max);
            }
        }
        return lag;
    }

    @Override
    public synchronized void close() {
        kafkaMetrics.close();
        gcMetrics.close();
        registry.close();
    }
}
