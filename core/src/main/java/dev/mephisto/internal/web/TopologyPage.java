package dev.mephisto.internal.web;

import java.util.List;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The topology as one offline HTML page: the declared picture (agents, tables, topics), Kafka
 * Streams' processors per sub-topology, and the text. Drawn on the server as SVG: no script, no CDN.
 */
public final class TopologyPage {

    private TopologyPage() {
    }

    /** The page for an app: what {@code GET /topology?format=html} serves and {@code topology --format html} writes. */
    public static String html(String app, List<String> topics, List<dev.mephisto.Agent> agents,
            List<dev.mephisto.Table<?, ?, ?>> tables, List<String> blocks, java.util.Map<String, String> sinks,
            java.util.Map<String, String> feeds, TopologyDescription description) {
        TopologyPicture.Declared declared = new TopologyPicture.Declared(app, topics, agents, tables, blocks, sinks, feeds);
        StringBuilder body = new StringBuilder();
        GraphDrawing overview = TopologyPicture.declared(declared, description);
        body.append("<section id=\"declared\"><h2>Agents, tables and topics</h2>\n")
                .append(legend(overview)).append("<div class=\"picture fit\">\n")
                .append(overview.svg(app + ": agents, tables and topics")).append("</div></section>\n");
        body.append("<section id=\"processors\"><h2>Processors (what Kafka Streams runs)</h2>\n");
        List<GraphDrawing> subs = TopologyPicture.processors(description, topics);
        int number = 0;
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            body.append("<h3 class=\"muted\">sub-topology ").append(sub.id()).append("</h3>\n<div class=\"picture\">\n")
                    .append(subs.get(number++).svg(app + ": sub-topology " + sub.id())).append("</div>\n");
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            body.append("<h3 class=\"muted\">global store ").append(HtmlPage.escape(global.processor().stores()))
                    .append("</h3>\n<div class=\"picture\">\n").append(subs.get(number++).svg(app + ": global store"))
                    .append("</div>\n");
        }
        body.append("</section>\n<section id=\"text\"><h2>As text</h2><pre>").append(HtmlPage.escape(description))
                .append("</pre></section>\n");
        String nav = "<a href=\"#declared\">agents, tables, topics</a> <a href=\"#processors\">processors</a>"
                + " <a href=\"#text\">text</a> <a href=\"/\">dashboard</a>";
        return HtmlPage.of(app + " topology", nav, body.toString());
    }

    private static String legend(GraphDrawing graph) {
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (GraphDrawing.Kind kind : graph.kinds()) {
            legend.append("<span><i style=\"background:").append(kind.fill).append(";border-color:").append(kind.stroke)
                    .append("\"></i>").append(kind.label).append("</span>");
        }
        return legend.append("<span class=\"muted\">dashed: an agent's table</span></p>\n").toString();
    }
}
