package dev.mephisto.cli;

import dev.mephisto.internal.compile.TopologyFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the compiled Kafka Streams topology, or write it as an offline HTML picture; needs no"
                + " broker.")
final class TopologyCommand implements Callable<Integer> {

    enum Format { text, mermaid, dot, html }

    /** Where {@code --format html} writes unless {@code --output} says. */
    static final String DEFAULT_HTML_FILE = "topology.html";

    private final CliContext<?> ctx;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, mermaid, dot or html (the page GET /topology?format=html serves). Default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "write to FILE instead of printing; html goes to " + DEFAULT_HTML_FILE + " unless given")
    Path output;

    TopologyCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        TopologyDescription description = ctx.app().topology().describe();
        String text = switch (format) {
            case text -> description.toString();
            case mermaid -> TopologyFormats.mermaid(description);
            case dot -> TopologyFormats.dot(description);
            case html -> ctx.app().topologyHtml();
        };
        Path file = output != null ? output : format == Format.html ? Path.of(DEFAULT_HTML_FILE) : null;
        if (file == null) {
            ctx.out().print(text);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            ctx.out().println("wrote " + file.toAbsolutePath() + (format == Format.html
                    ? " (open it in a browser: it loads nothing from the network)" : ""));
        }
        ctx.out().flush();
        return 0;
    }
}
