package dev.mephisto.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.runtime.LocalWebAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Look a key up in a table of a running worker (over its HTTP port).")
final class GetCommand implements Callable<Integer> {

    private final CliContext<?> ctx;

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key as text.")
    String key;

    @Option(names = "--worker", paramLabel = "HOST:PORT",
            description = "The worker's HTTP address. Default: the one the app's last worker on this machine recorded"
                    + " in its data dir, else localhost and the web port setting (" + WorkerOptions.DEFAULT_WEB_PORT + ")")
    String worker;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Find the worker that recorded its address in this data dir (also MEPHISTO_DATA_DIR).")
    Path dataDir;

    /** Where the address came from, for the error when nothing answers there. */
    private String foundIn;

    GetCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    /**
     * The worker to ask: {@code --worker}, else the address the app's last worker started on this
     * machine recorded beside its data, else localhost at the web port setting.
     */
    String worker() {
        if (worker != null) {
            return worker;
        }
        Path dir = dataDir != null ? dataDir : ctx.settings().get(WorkerOptions.DATA_DIR);
        String applicationId = ctx.app().applicationId();
        java.util.Optional<String> recorded = LocalWebAddress.read(dir, applicationId);
        if (recorded.isPresent()) {
            foundIn = " (recorded in " + LocalWebAddress.file(dir, applicationId) + " by a worker that may have stopped)";
            return recorded.get();
        }
        foundIn = "";
        return "localhost:" + ctx.settings().get(WorkerOptions.WEB_PORT);
    }

    @Override
    public Integer call() throws Exception {
        String worker = worker();
        URI uri = URI.create("http://" + worker + "/tables/" + encode(table) + "/" + encode(key));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UserError("no worker answers at http://" + worker + (foundIn == null ? "" : foundIn) + " (" + e
                    + "): start one with 'worker', or pass --worker host:port", e);
        }
        JsonNode body;
        try {
            body = JsonCodec.defaultMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UserError("the worker at " + worker + " answered " + response.statusCode() + " with something"
                    + " that is not JSON: is that a Mephisto worker?", e);
        }
        if (response.statusCode() != 200) {
            throw new UserError(body.path("error").asText("the worker answered " + response.statusCode()));
        }
        JsonNode result = body.has("windows") ? body.get("windows") : body.get("value");
        ctx.out().println(result.isTextual() ? result.asText()
                : JsonCodec.defaultMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        ctx.out().flush();
        return 0;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
