package dev.mephisto.cli;

import dev.mephisto.internal.compile.TopologyFormats;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the compiled Kafka Streams topology; needs no broker.")
final class TopologyCommand implements Callable<Integer> {

    enum Format { text, mermaid, dot }

    private final CliContext<?> ctx;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, mermaid or dot. Default: ${DEFAULT-VALUE}")
    Format format;

    TopologyCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        TopologyDescription description = ctx.app().topology().describe();
        ctx.out().print(switch (format) {
            case text -> description.toString();
            case mermaid -> TopologyFormats.mermaid(description);
            case dot -> TopologyFormats.dot(description);
        });
        ctx.out().flush();
        return 0;
    }
}
