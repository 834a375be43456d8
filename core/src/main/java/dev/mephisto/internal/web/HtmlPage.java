package dev.mephisto.internal.web;

/**
 * The frame of the worker's HTML pages (dashboard, topology): one self-contained document with its
 * own style, no script and nothing loaded from elsewhere, so it works offline and behind any proxy.
 */
final class HtmlPage {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 0; color: #0f172a; background: #f8fafc; }
            header { background: #0f172a; color: #f8fafc; padding: .7rem 1.5rem; display: flex; gap: 1.5rem;
                     align-items: baseline; flex-wrap: wrap; }
            header h1 { font-size: 1.2rem; margin: 0; }
            header a { color: #93c5fd; }
            main { padding: 1rem 1.5rem; }
            section { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: .6rem 1rem;
                      margin-bottom: 1rem; }
            h2 { font-size: 1rem; margin: .3rem 0 .6rem; }
            table { border-collapse: collapse; font-size: .85rem; }
            th, td { text-align: left; padding: .25rem .8rem .25rem 0; border-bottom: 1px solid #f1f5f9; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .state { font-weight: 600; padding: .1rem .5rem; border-radius: 4px; }
            .ok { background: #dcfce7; color: #166534; } .bad { background: #fee2e2; color: #991b1b; }
            .picture { overflow: auto; }
            .fit svg { max-width: 100%; height: auto; }
            .legend span { display: inline-block; margin-right: 1rem; font-size: .8rem; }
            .legend i { display: inline-block; width: .8rem; height: .8rem; border: 1.5px solid; border-radius: 3px;
                        vertical-align: middle; margin-right: .3rem; }
            pre { background: #f1f5f9; padding: .8rem; overflow: auto; font-size: .8rem; }
            .muted { color: #64748b; }
            """;

    private HtmlPage() {
    }

    /** A page: the title in the header, {@code nav} (HTML) beside it, then {@code body} (HTML). */
    static String of(String title, String nav, String body) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
                + GraphDrawing.escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<header><h1>"
                + GraphDrawing.escape(title) + "</h1>" + nav + "</header>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    static String escape(Object text) {
        return text == null ? "" : GraphDrawing.escape(String.valueOf(text));
    }
}
