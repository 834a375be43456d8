package dev.mephisto.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the {@code balances} table of a running worker, read over its HTTP lookups, with what
 * was sent: per account and currency, the count and the exact total. Follows the worker's answer
 * when another worker owns the key.
 *
 * <pre>{@code
 * List<String> differences = new BalanceCheck("localhost:6066").differences(expectedBalances);
 * }</pre>
 */
final class BalanceCheck {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String worker;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param worker the HTTP address of a payments worker, {@code host:port} */
    BalanceCheck(String worker) {
        this.worker = worker;
    }

    /** Every difference between {@code expected} and the table, one line each; empty when they agree. */
    List<String> differences(Map<String, Balance> expected) throws IOException, InterruptedException {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Balance> entry : expected.entrySet()) {
            differences.addAll(compare(entry.getKey(), entry.getValue(), lookup(entry.getKey())));
        }
        return differences;
    }

    /** The balance of {@code accountId} as the worker has it, or {@code null} when it has none. */
    JsonNode lookup(String accountId) throws IOException, InterruptedException {
        String address = worker;
        for (int hop = 0; hop < 3; hop++) {
            URI uri = URI.create("http://" + address + "/tables/balances/"
                    + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20"));
            HttpResponse<String> response;
            try {
                response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("no payments worker answers at http://" + address + " (" + e.getMessage()
                        + "): start one with 'worker', or pass --worker host:port", e);
            }
            JsonNode body = MAPPER.readTree(response.body());
            switch (response.statusCode()) {
                case 200 -> {
                    return body.get("value");
                }
                case 404 -> {
                    return null;
                }
                case 409 -> address = body.path("owner").asText(address);
                default -> throw new IOException("the worker at " + address + " answered " + response.statusCode()
                        + " for balances/" + accountId + ": " + body.path("error").asText(response.body()));
            }
        }
        throw new IOException("balances/" + accountId + " moved between workers three times: retry when the workers"
                + " are stable");
    }

    static List<String> compare(String accountId, Balance expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        if (actual == null) {
            differences.add(accountId + ": no balance, expected " + expected.payments() + " payments");
            return differences;
        }
        long payments = actual.path("payments").asLong(-1);
        if (payments != expected.payments()) {
            differences.add(accountId + ": " + payments + " payments, expected " + expected.payments());
        }
        JsonNode currencies = actual.path("currencies");
        TreeSet<String> codes = new TreeSet<>(expected.currencies().keySet());
        currencies.fieldNames().forEachRemaining(codes::add);
        for (String code : codes) {
            Balance.CurrencyBalance want = expected.currencies().get(code);
            JsonNode got = currencies.get(code);
            BigDecimal wantTotal = want == null ? BigDecimal.ZERO : want.total();
            BigDecimal gotTotal = got == null ? BigDecimal.ZERO : new BigDecimal(got.path("total").asText("0"));
            long wantCount = want == null ? 0 : want.payments();
            long gotCount = got == null ? 0 : got.path("payments").asLong();
            if (wantTotal.compareTo(gotTotal) != 0 || wantCount != gotCount) {
                differences.add(accountId + " " + code + ": " + gotCount + " payments totalling "
                        + gotTotal.toPlainString() + ", expected " + wantCount + " totalling " + wantTotal.toPlainString()
                        + " (difference " + gotTotal.subtract(wantTotal).toPlainString() + ")");
            }
        }
        return differences;
    }
}
