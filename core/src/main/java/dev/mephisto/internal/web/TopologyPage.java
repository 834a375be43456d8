package dev.mephisto.internal.web;

/** An HTML page that draws the topology with Mermaid (loaded from a CDN), with the text beside it. */
final class TopologyPage {

    private TopologyPage() {
    }

    static String html(String app, String mermaid, String text) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%1$s topology</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2rem; }
                  pre.text { background: #f6f6f6; padding: 1rem; overflow: auto; }
                </style>
                </head>
                <body>
                <h1>%1$s</h1>
                <pre class="mermaid">
                %2$s</pre>
                <h2>As text</h2>
                <pre class="text">%3$s</pre>
                <script type="module">
                  import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";
                  mermaid.initialize({ startOnLoad: true });
                </script>
                </body>
                </html>
                """.formatted(escape(app), escape(mermaid), escape(text));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
