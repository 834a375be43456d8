package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Sinks;
import dev.mephisto.Topic;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopologyPageTest {

    static App sampleApp() {
        App app = App.create("shop");
        Topic<String, String> orders = app.topic(Topic.of("orders", Codec.string(), Codec.string()).withIngress());
        Topic<String, String> accepted = app.topic("orders-accepted", Codec.string(), Codec.string());
        Topic<String, Long> totals = app.topic("customer-totals", Codec.string(), Codec.int64());
        KeyValueTable<String, Long> sums = app.table("sums", Codec.string(), Codec.int64());
        app.agent("accept", orders, (key, value, ctx) -> ctx.send(accepted, key, value)).sendsTo(accepted);
        app.agent("total", accepted, (key, value, ctx) -> ctx.send(totals, key, ctx.table(sums).merge(key, 1L, Long::sum)))
                .sendsTo(totals).uses(sums);
        app.streams("audit", builder -> builder.stream(accepted).filter((k, v) -> v.isEmpty(),
                org.apache.kafka.streams.kstream.Named.as("audit-empty")).to("orders-accepted"));
        app.sink("files", totals, Sinks.jsonFiles(Path.of("target/never-written")));
        return app;
    }

    @Test
    void shouldDrawBothZoomLevelsAsSvgWithNothingLoadedFromTheNetwork() {
        String page = sampleApp().topologyHtml();

        assertFalse(page.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "nothing from elsewhere");
        assertEquals(1 + 2, count(page, "<svg "), "the declared picture and one per sub-topology");
        for (String label : new String[] {">accept</text>", ">total</text>", ">sums</text>", ">orders</text>",
                ">customer-totals</text>", ">files</text>", ">audit</text>", ">audit-empty</text>", ">total-to-customer-totals</text>"}) {
            assertTrue(page.contains(label), label);
        }
        assertTrue(page.contains("Processor: total (stores: [sums])"), "the text too");
    }

    @Test
    void shouldLayTheDeclaredPictureOutLeftToRightInTheDirectionOfTheRecords() {
        GraphDrawing graph = new GraphDrawing().node("a", "orders", GraphDrawing.Kind.TOPIC)
                .node("b", "accept", GraphDrawing.Kind.AGENT).node("c", "accepted", GraphDrawing.Kind.TOPIC)
                .edge("a", "b", false).edge("b", "c", false).edge("c", "a", false);
        String svg = graph.svg("t");

        assertTrue(x(svg, "orders") < x(svg, "accept") && x(svg, "accept") < x(svg, "accepted"), svg);
        assertEquals(3, count(svg, "fill=\"none\" stroke="), "every edge drawn, the loop back included");
    }

    private static double x(String svg, String label) {
        Matcher m = Pattern.compile("<text x=\"([0-9.]+)\"[^>]*>" + label + "</text>").matcher(svg);
        assertTrue(m.find(), label);
        return Double.parseDouble(m.group(1));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
