package dev.mephisto.internal.web;

import dev.mephisto.Agent;
import dev.mephisto.App;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Route;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.WorkerState;
import dev.mephisto.internal.health.HealthWatch;
import dev.mephisto.internal.runtime.DeadLetterTopic;
import dev.mephisto.internal.runtime.StatsReporter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's dashboard at {@code /}: the app and its state, agents with rates and latency,
 * tables, topics with lag, the last dead letters, and a link to every endpoint. Rendered on the
 * server at each request; refreshes itself every 5 s with no script.
 */
final class DashboardPage {

    /** What the dashboard shows, read at one moment. */
    record View(App app, WorkerState state, boolean paused, List<HealthWatch.Problem> problems,
            List<StatsReporter.Snapshot> stats, Map<String, Map<Integer, Long>> lag, Map<String, Double> tableEntries,
            List<DeadLetterTopic.Recent> deadLetters) {
    }

    private DashboardPage() {
    }

    static String html(View view) {
        App app = view.app();
        StringBuilder body = new StringBuilder();
        boolean ready = (view.state() == WorkerState.RUNNING) && !view.paused() && view.problems().isEmpty();
        body.append("<section id=\"state\"><h2>State</h2><p>application id <b>").append(HtmlPage.escape(app.applicationId()))
                .append("</b> &nbsp; state <span class=\"state ").append(ready ? "ok" : "bad").append("\">")
                .append(view.state()).append(view.paused() ? " (paused)" : "").append("</span> &nbsp; ")
                .append(ready ? "ready" : "not ready").append("</p>\n");
        if (!view.problems().isEmpty()) {
            body.append("<ul>");
            view.problems().forEach(problem -> body.append("<li><b>").append(HtmlPage.escape(problem.check()))
                    .append("</b>: ").append(HtmlPage.escape(problem.message())).append("</li>"));
            body.append("</ul>\n");
        }
        body.append("</section>\n");
        agents(body, app, view.stats());
        tables(body, app, view.tableEntries());
        topics(body, app, view.lag());
        deadLetters(body, app, view.deadLetters());
        endpoints(body, app);
        String nav = "<a href=\"/topology?format=html\">topology</a> <a href=\"/metrics\">metrics</a>"
                + " <a href=\"/agents\">agents</a> <a href=\"/health/ready\">ready</a>";
        return HtmlPage.of(app.name(), nav, body.toString())
                .replace("<head>\n", "<head>\n<meta http-equiv=\"refresh\" content=\"5\">\n");
    }

    private static void agents(StringBuilder body, App app, List<StatsReporter.Snapshot> stats) {
        Map<String, StatsReporter.Snapshot> byAgent = new HashMap<>();
        stats.forEach(snapshot -> byAgent.put(snapshot.agent(), snapshot));
        body.append("<section id=\"agents\"><h2>Agents</h2><table><tr><th>agent</th><th>reads</th><th>sends to</th>"
                + "<th>tables</th><th>consumed</th><th>sent</th><th>errors</th><th>rate/s (last interval)</th>"
                + "<th>mean ms</th><th>p99 ms</th><th>p99 ms (last interval)</th></tr>\n");
        for (Agent agent : app.agents()) {
            StatsReporter.Snapshot snapshot = byAgent.get(agent.name());
            body.append("<tr><td><b>").append(HtmlPage.escape(agent.name())).append("</b></td><td>")
                    .append(HtmlPage.escape(String.join(", ", agent.sources()))).append("</td><td>")
                    .append(HtmlPage.escape(String.join(", ", agent.sendsTo()))).append("</td><td>")
                    .append(HtmlPage.escape(String.join(", ", agent.tables()))).append("</td>");
            if (snapshot == null) {
                body.append("<td colspan=\"7\" class=\"muted\">no figures</td></tr>\n");
                continue;
            }
            StatsReporter.Window total = snapshot.total();
            StatsReporter.Window last = snapshot.interval();
            body.append(number(total.consumed())).append(number(total.sent())).append(number(total.errors()))
                    .append(decimal(last.ratePerSecond())).append(decimal(total.meanMillis()))
                    .append(decimal(total.p99Millis())).append(decimal(last.p99Millis())).append("</tr>\n");
        }
        body.append("</table></section>\n");
    }

    private static void tables(StringBuilder body, App app, Map<String, Double> entries) {
        if (app.tables().isEmpty()) {
            return;
        }
        body.append("<section id=\"tables\"><h2>Tables</h2><table><tr><th>table</th><th>kind</th><th>entries here"
                + " (approx.)</th><th>look up</th></tr>\n");
        for (Table<?, ?, ?> table : app.tables()) {
            Double count = entries.get(table.name());
            body.append("<tr><td><b>").append(HtmlPage.escape(table.name())).append("</b></td><td>")
                    .append(HtmlPage.escape(table.kind())).append("</td>")
                    .append(table instanceof KeyValueTable<?, ?> && count != null && !count.isNaN()
                            ? number(count.longValue()) : "<td class=\"n muted\">-</td>")
                    .append("<td><code>GET /tables/").append(HtmlPage.escape(table.name())).append("/{key}</code></td></tr>\n");
        }
        body.append("</table></section>\n");
    }

    private static void topics(StringBuilder body, App app, Map<String, Map<Integer, Long>> lag) {
        body.append("<section id=\"topics\"><h2>Topics</h2><table><tr><th>topic</th><th>role</th>"
                + "<th>lag (records behind, this worker)</th><th>per partition</th></tr>\n");
        for (Topic<?, ?> topic : app.topics()) {
            topicRow(body, topic.name(), topic.acceptsIngress() ? "declared, ingress" : "declared", lag.get(topic.name()));
        }
        topicRow(body, app.deadLetterTopic(), "dead letters", lag.get(app.deadLetterTopic()));
        lag.forEach((topic, partitions) -> {
            if (app.topics().stream().noneMatch(declared -> declared.name().equals(topic))
                    && !topic.equals(app.deadLetterTopic())) {
                topicRow(body, topic, "internal", partitions);
            }
        });
        body.append("</table></section>\n");
    }

    private static void topicRow(StringBuilder body, String topic, String role, Map<Integer, Long> partitions) {
        body.append("<tr><td>").append(HtmlPage.escape(topic)).append("</td><td>").append(role).append("</td>");
        if (partitions == null || partitions.isEmpty()) {
            body.append("<td class=\"n muted\">-</td><td class=\"muted\">not read here</td></tr>\n");
            return;
        }
        body.append(number(partitions.values().stream().mapToLong(Long::longValue).sum())).append("<td>");
        partitions.forEach((partition, records) -> body.append(partition).append(": ").append(records).append(" &nbsp;"));
        body.append("</td></tr>\n");
    }

    private static void deadLetters(StringBuilder body, App app, List<DeadLetterTopic.Recent> letters) {
        body.append("<section id=\"dead-letters\"><h2>Recent dead letters</h2>");
        if (letters.isEmpty()) {
            body.append("<p class=\"muted\">none since this worker started; all of them: <code>dlq</code> on the command"
                    + " line, topic ").append(HtmlPage.escape(app.deadLetterTopic())).append("</p></section>\n");
            return;
        }
        body.append("<table><tr><th>at</th><th>kind</th><th>agent</th><th>from</th><th>error</th></tr>\n");
        for (DeadLetterTopic.Recent letter : letters) {
            body.append("<tr><td>").append(letter.at()).append("</td><td>").append(HtmlPage.escape(letter.kind()))
                    .append("</td><td>").append(HtmlPage.escape(letter.agent())).append("</td><td>")
                    .append(HtmlPage.escape(letter.topic())).append('/').append(HtmlPage.escape(letter.partition()))
                    .append('@').append(HtmlPage.escape(letter.offset())).append("</td><td>")
                    .append(HtmlPage.escape(letter.error())).append("</td></tr>\n");
        }
        body.append("</table></section>\n");
    }

    private static void endpoints(StringBuilder body, App app) {
        body.append("<section id=\"endpoints\"><h2>Endpoints</h2><ul>\n");
        link(body, "/health/live", "liveness");
        link(body, "/health/ready", "readiness, with the reasons");
        link(body, "/metrics", "Prometheus metrics");
        link(body, "/agents", "agents as JSON");
        link(body, "/topology?format=html", "the topology picture");
        link(body, "/topology", "the topology as text (also ?format=mermaid, dot)");
        body.append("<li><code>GET /tables/{table}/{key}</code>: a table's value, from the worker that holds the key</li>\n");
        app.topics().stream().filter(Topic::acceptsIngress).forEach(topic -> body.append("<li><code>POST /topics/")
                .append(HtmlPage.escape(topic.name())).append("</code>: the ingress</li>\n"));
        body.append("<li><code>POST /pause</code>, <code>POST /resume</code>: with the admin token</li>\n");
        for (Route route : app.routes()) {
            body.append("<li><code>").append(route.method()).append(' ').append(HtmlPage.escape(route.path()))
                    .append("</code>: the app's own route</li>\n");
        }
        body.append("</ul></section>\n");
    }

    private static void link(StringBuilder body, String path, String what) {
        body.append("<li><a href=\"").append(path).append("\"><code>GET ").append(HtmlPage.escape(path))
                .append("</code></a>: ").append(what).append("</li>\n");
    }

    private static String number(long value) {
        return "<td class=\"n\">" + value + "</td>";
    }

    private static String decimal(double value) {
        return "<td class=\"n\">" + String.format(Locale.ROOT, "%.3f", value) + "</td>";
    }
}
