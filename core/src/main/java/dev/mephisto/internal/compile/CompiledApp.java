package dev.mephisto.internal.compile;

import dev.mephisto.internal.runtime.AgentMetrics;
import java.util.List;
import org.apache.kafka.streams.Topology;

/** What compiling an app gives: its topology, and the counters of each agent placed in it. */
public record CompiledApp(Topology topology, List<AgentMetrics> agentMetrics) {

    public CompiledApp {
        agentMetrics = List.copyOf(agentMetrics);
    }
}
