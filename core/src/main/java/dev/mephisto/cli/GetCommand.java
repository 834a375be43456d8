package dev.mephisto.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.WorkerOptions;
import dev.mephisto.internal.codec.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
            description = "The worker's HTTP address. Default: localhost:" + WorkerOptions.DEFAULT_WEB_PORT)
    String worker = "localhost:" + WorkerOptions.DEFAULT_WEB_PORT;

    GetCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = URI.create("http://" + worker + "/tables/" + encode(table) + "/" + encode(key));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UserError("no worker answers at http://" + worker + " (" + e + "): start one with 'worker',"
                    + " or pass --worker host:port", e);
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
