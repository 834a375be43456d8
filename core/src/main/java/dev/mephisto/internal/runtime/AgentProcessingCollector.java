package dev.mephisto.internal.runtime;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * The {@code mephisto_agent_processing_seconds} histogram and its {@code _max} gauge, one series per
 * agent, read from the agents' tallies at scrape time: the family a Micrometer Timer with a
 * percentile histogram published before, with the same buckets, labels and help.
 */
final class AgentProcessingCollector implements MultiCollector {

    static final String HELP = "time an agent's code took per record";

    private final String app;
    private final List<AgentMetrics> agents;

    AgentProcessingCollector(String app, List<AgentMetrics> agents) {
        this.app = app;
        this.agents = List.copyOf(agents);
    }

    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(AgentMetrics.HISTOGRAM).help(HELP)
                .unit(Unit.SECONDS);
        GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(AgentMetrics.HISTOGRAM + "_max").help(HELP);
        double[] upper = new double[ProcessingTally.BOUNDS.length + 1];
        for (int i = 0; i < ProcessingTally.BOUNDS.length; i++) {
            upper[i] = ProcessingTally.BOUNDS[i] / 1e9;
        }
        upper[upper.length - 1] = Double.POSITIVE_INFINITY;
        for (AgentMetrics agent : agents) {
            ProcessingTally.Sum sum = agent.sum();
            Labels labels = Labels.of("agent", agent.agent(), "app", app);
            // per bucket, not cumulative: the text format adds them up
            histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, sum.counts))
                    .sum(sum.totalNanos / 1e9).labels(labels).build());
            max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(sum.maxNanos / 1e9).labels(labels)
                    .build());
        }
        return new MetricSnapshots(histogram.build(), max.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(AgentMetrics.HISTOGRAM, AgentMetrics.HISTOGRAM + "_max");
    }
}
