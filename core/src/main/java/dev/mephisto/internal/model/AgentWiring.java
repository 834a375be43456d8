package dev.mephisto.internal.model;

import dev.mephisto.Table;
import dev.mephisto.WindowedTable;
import java.util.List;
import java.util.Map;

/**
 * How one agent is wired into the topology: its sink node per topic name, its tables of both kinds
 * (as the app declares them), and the windowed tables whose windows it closes.
 */
public record AgentWiring(AgentSpec agent, Map<String, String> sinks, Map<String, Table<?, ?, ?>> tables,
        List<WindowedTable<?, ?>> closes) {
}
