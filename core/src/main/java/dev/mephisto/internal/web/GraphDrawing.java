package dev.mephisto.internal.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A directed graph drawn as SVG, left to right, with no library: nodes in layers by longest path
 * (cycles broken where the walk first meets them), edges over more than one layer routed through
 * invisible points so they bend around nodes, and each layer ordered by the barycenter of its
 * neighbours to cut crossings. Enough for a topology of a few dozen nodes.
 */
final class GraphDrawing {

    /** What a node is: it chooses the shape and colour, and the legend. */
    enum Kind {
        TOPIC("topic", "#dbeafe", "#1d4ed8"),
        INTERNAL_TOPIC("internal or re-keyed topic", "#f1f5f9", "#64748b"),
        AGENT("agent", "#fef3c7", "#b45309"),
        BLOCK("DSL block", "#ede9fe", "#6d28d9"),
        TABLE("table", "#dcfce7", "#15803d"),
        SINK("sink", "#fce7f3", "#be185d"),
        FEED("feed", "#fce7f3", "#be185d"),
        SOURCE("source node", "#e0f2fe", "#0369a1"),
        PROCESSOR("processor", "#fef9c3", "#a16207"),
        SINK_NODE("sink node", "#e0f2fe", "#0369a1"),
        STORE("store", "#dcfce7", "#15803d");

        final String label;
        final String fill;
        final String stroke;

        Kind(String label, String fill, String stroke) {
            this.label = label;
            this.fill = fill;
            this.stroke = stroke;
        }
    }

    private static final int HEIGHT = 34;
    private static final int ROW_GAP = 18;
    private static final int LAYER_GAP = 46;
    private static final int MARGIN = 16;
    private static final double CHAR_WIDTH = 6.9;

    private record Node(String id, String label, Kind kind, boolean dummy) {
        double width() {
            return dummy ? 0 : Math.max(56, label.length() * CHAR_WIDTH + 20);
        }
    }

    private record Edge(String from, String to, boolean dashed) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    /** Adds a node once; a second add of the same id keeps the first. */
    GraphDrawing node(String id, String label, Kind kind) {
        nodes.putIfAbsent(id, new Node(id, label, kind, false));
        return this;
    }

    /** An arrow; {@code dashed} for a use rather than a flow (an agent and its table). */
    GraphDrawing edge(String from, String to, boolean dashed) {
        if (nodes.containsKey(from) && nodes.containsKey(to) && !edges.contains(new Edge(from, to, dashed))) {
            edges.add(new Edge(from, to, dashed));
        }
        return this;
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The drawing as one {@code <svg>} element, sized in pixels to its content. */
    String svg(String title) {
        routes.clear();
        nodesWithDummies.clear();
        Map<String, Integer> layer = layers();
        List<List<String>> layers = withDummies(layer);
        order(layers);
        Map<String, double[]> at = place(layers);
        double width = at.values().stream().mapToDouble(p -> p[0] + p[2]).max().orElse(0) + MARGIN;
        double height = at.values().stream().mapToDouble(p -> p[1] + HEIGHT).max().orElse(0) + MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\" font-family=\"system-ui, sans-serif\""
                + " font-size=\"12\">\n", width, height, width, height, escape(title)));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#475569\"/>"
                + "</marker></defs>\n");
        for (Edge edge : edges) {
            svg.append(path(edge, routeOf(edge), at, layer));
        }
        for (Node node : nodes.values()) {
            svg.append(shape(node, at.get(node.id())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** The kinds used, for a legend. */
    List<Kind> kinds() {
        return nodes.values().stream().map(Node::kind).distinct().sorted().toList();
    }

    /** Longest path from the roots, over the edges with the cycle-closing ones left out. */
    private Map<String, Integer> layers() {
        Set<Edge> back = new HashSet<>();
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (String id : nodes.keySet()) {
            findBackEdges(id, done, onPath, back);
        }
        Map<String, Integer> layer = new HashMap<>();
        nodes.keySet().forEach(id -> layer.put(id, 0));
        for (int pass = 0; pass < nodes.size(); pass++) {
            boolean changed = false;
            for (Edge edge : edges) {
                if (!back.contains(edge) && layer.get(edge.to()) < layer.get(edge.from()) + 1) {
                    layer.put(edge.to(), layer.get(edge.from()) + 1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return layer;
    }

    private void findBackEdges(String id, Set<String> done, Set<String> onPath, Set<Edge> back) {
        if (done.contains(id)) {
            return;
        }
        done.add(id);
        onPath.add(id);
        for (Edge edge : edges) {
            if (edge.from().equals(id)) {
                if (onPath.contains(edge.to())) {
                    back.add(edge);
                } else {
                    findBackEdges(edge.to(), done, onPath, back);
                }
            }
        }
        onPath.remove(id);
    }

    /** The layers' node ids, an invisible point per layer crossed by a long forward edge. */
    private List<List<String>> withDummies(Map<String, Integer> layer) {
        int count = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(new ArrayList<>());
        }
        nodes.keySet().forEach(id -> layers.get(layer.get(id)).add(id));
        int dummies = 0;
        for (Edge edge : edges) {
            int from = layer.get(edge.from());
            int to = layer.get(edge.to());
            List<String> points = new ArrayList<>();
            for (int l = from + 1; l < to; l++) {
                String id = "\u0000dummy" + dummies++;
                points.add(id);
                layers.get(l).add(id);
                nodesWithDummies.put(id, new Node(id, "", Kind.TOPIC, true));
            }
            routes.put(edge, points);
        }
        return layers;
    }

    private final Map<String, Node> nodesWithDummies = new HashMap<>();

    /** Barycenter sweeps, down and up, over the neighbours in the layer before or after. */
    private void order(List<List<String>> layers) {
        Map<String, List<String>> up = new HashMap<>();
        Map<String, List<String>> down = new HashMap<>();
        for (Edge edge : edges) {
            List<String> chain = new ArrayList<>();
            chain.add(edge.from());
            chain.addAll(routeOf(edge));
            chain.add(edge.to());
            for (int i = 0; i + 1 < chain.size(); i++) {
                down.computeIfAbsent(chain.get(i), k -> new ArrayList<>()).add(chain.get(i + 1));
                up.computeIfAbsent(chain.get(i + 1), k -> new ArrayList<>()).add(chain.get(i));
            }
        }
        for (int sweep = 0; sweep < 6; sweep++) {
            boolean downwards = sweep % 2 == 0;
            for (int i = 1; i < layers.size(); i++) {
                int l = downwards ? i : layers.size() - 1 - i;
                List<String> reference = layers.get(downwards ? l - 1 : l + 1);
                Map<String, List<String>> neighbours = downwards ? up : down;
                List<String> current = layers.get(l);
                Map<String, Double> center = new HashMap<>();
                for (int k = 0; k < current.size(); k++) {
                    String id = current.get(k);
                    double sum = 0;
                    int n = 0;
                    for (String other : neighbours.getOrDefault(id, List.of())) {
                        int at = reference.indexOf(other);
                        if (at >= 0) {
                            sum += at;
                            n++;
                        }
                    }
                    center.put(id, n == 0 ? k : sum / n);
                }
                current.sort(Comparator.comparingDouble(center::get));
            }
        }
    }

    private final Map<Edge, List<String>> routes = new HashMap<>();

    private List<String> routeOf(Edge edge) {
        return routes.getOrDefault(edge, List.of());
    }

    /** x, y and width of every node and point: layers side by side, each centred on the tallest. */
    private Map<String, double[]> place(List<List<String>> layers) {
        Map<String, double[]> at = new HashMap<>();
        double tallest = 0;
        for (List<String> ids : layers) {
            tallest = Math.max(tallest, columnHeight(ids));
        }
        double x = MARGIN;
        for (List<String> ids : layers) {
            double columnWidth = ids.stream().mapToDouble(id -> node(id).width()).max().orElse(0);
            double y = MARGIN + (tallest - columnHeight(ids)) / 2;
            for (String id : ids) {
                Node node = node(id);
                double width = node.width();
                at.put(id, new double[] {x + (columnWidth - width) / 2, y, width});
                y += (node.dummy() ? 10 : HEIGHT) + ROW_GAP;
            }
            x += columnWidth + LAYER_GAP;
        }
        return at;
    }

    private double columnHeight(List<String> ids) {
        return ids.stream().mapToDouble(id -> (node(id).dummy() ? 10 : HEIGHT) + ROW_GAP).sum();
    }

    private Node node(String id) {
        Node node = nodes.get(id);
        return node != null ? node : nodesWithDummies.get(id);
    }

    private String path(Edge edge, List<String> points, Map<String, double[]> at, Map<String, Integer> layer) {
        double[] from = at.get(edge.from());
        double[] to = at.get(edge.to());
        String style = edge.dashed() ? " stroke-dasharray=\"5 4\"" : " marker-end=\"url(#arrow)\"";
        if (layer.get(edge.to()) <= layer.get(edge.from())) {
            // a loop back: leave below the node, come back in below the target
            double x1 = from[0] + from[2] / 2;
            double y1 = from[1] + HEIGHT;
            double x2 = to[0] + to[2] / 2;
            double y2 = to[1] + HEIGHT;
            double dip = Math.max(y1, y2) + 30;
            return String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\""
                    + " stroke=\"#475569\" stroke-width=\"1.3\"%s/>\n", x1, y1, x1, dip, x2, dip, x2, y2, style);
        }
        List<double[]> chain = new ArrayList<>();
        chain.add(new double[] {from[0] + from[2], from[1] + HEIGHT / 2.0});
        for (String point : points) {
            double[] p = at.get(point);
            chain.add(new double[] {p[0], p[1] + 5});
        }
        chain.add(new double[] {to[0], to[1] + HEIGHT / 2.0});
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", chain.get(0)[0], chain.get(0)[1]));
        for (int i = 1; i < chain.size(); i++) {
            double[] a = chain.get(i - 1);
            double[] b = chain.get(i);
            double bend = (b[0] - a[0]) / 2;
            d.append(String.format(Locale.ROOT, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", a[0] + bend, a[1], b[0] - bend, b[1],
                    b[0], b[1]));
        }
        return "<path d=\"" + d + "\" fill=\"none\" stroke=\"#475569\" stroke-width=\"1.3\"" + style + "/>\n";
    }

    private static String shape(Node node, double[] p) {
        double x = p[0];
        double y = p[1];
        double w = p[2];
        Kind kind = node.kind();
        String colours = String.format(" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"", kind.fill, kind.stroke);
        String body = switch (kind) {
            case TOPIC, INTERNAL_TOPIC -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%d\" rx=\"17\"%s%s/>", x, y, w, HEIGHT, colours,
                    kind == Kind.INTERNAL_TOPIC ? " stroke-dasharray=\"4 3\"" : "");
            case TABLE, STORE -> String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f v%d a%.1f,6 0 0 0 %.1f,0 v-%d"
                    + " a%.1f,6 0 0 0 -%.1f,0 a%.1f,6 0 0 0 %.1f,0\"%s/>", x, y + 6, HEIGHT - 12, w / 2, w,
                    HEIGHT - 12, w / 2, w, w / 2, w, colours);
            case SINK, FEED -> String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f h%.1f l-10,%d h-%.1f z\"%s/>",
                    x + 10, y, w, HEIGHT, w, colours);
            default -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"4\"%s/>",
                    x, y, w, HEIGHT, colours);
        };
        return String.format(Locale.ROOT, "<g><title>%s %s</title>%s<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                + " dominant-baseline=\"middle\" fill=\"#0f172a\"%s>%s</text></g>\n", kind.label, escape(node.label()), body,
                x + w / 2, y + HEIGHT / 2.0 + (kind == Kind.TABLE || kind == Kind.STORE ? 3 : 0),
                kind == Kind.AGENT ? " font-weight=\"600\"" : "", escape(node.label()));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
