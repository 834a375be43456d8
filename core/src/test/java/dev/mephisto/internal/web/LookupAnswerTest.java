package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupAnswerTest {

    @Test
    void shouldAnswerAFoundValueWithTheTableKeyAndValueAsJson() {
        Answer answer = LookupAnswer.of(new LookupResult.Found("counts", "hello",
                JsonNodeFactory.instance.numberNode(2L)));
        assertEquals(200, answer.status());
        assertEquals("{\"table\":\"counts\",\"key\":\"hello\",\"value\":2}", answer.body().toString());
    }

    @Test
    void shouldAnswerFoundWindowsWithTheirStartEndAndValue() {
        Answer answer = LookupAnswer.of(new LookupResult.FoundWindows("clicks", "u1", List.of(
                new LookupResult.WindowValue(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"),
                        JsonNodeFactory.instance.numberNode(3L)))));
        assertEquals(200, answer.status());
        assertEquals("{\"table\":\"clicks\",\"key\":\"u1\",\"windows\":[{\"start\":\"2026-01-01T00:00:00Z\","
                + "\"end\":\"2026-01-01T00:01:00Z\",\"value\":3}]}", answer.body().toString());
    }

    @Test
    void shouldNameTheOwnerWhenAnsweringAKeyKeptElsewhere() {
        Answer answer = LookupAnswer.of(new LookupResult.Elsewhere("counts", "10.0.0.2:6066", "10.0.0.1:6066"));
        assertEquals(409, answer.status());
        assertEquals("10.0.0.2:6066", answer.body().get("owner").asText());
        assertEquals("the key is kept by the worker at 10.0.0.2:6066, not this one (10.0.0.1:6066): ask it there",
                answer.body().get("error").asText());
    }

    @Test
    void shouldSayWhatIsWrongWhenALookupFindsNothing() {
        assertAnswer(404, "table 'counts' has no value for key 'x'",
                LookupAnswer.of(new LookupResult.Missing("counts", "x", false)));
        assertAnswer(404, "table 'clicks' has no window for key 'x'",
                LookupAnswer.of(new LookupResult.Missing("clicks", "x", true)));
        assertAnswer(400, "key 'abc' is not a long for table 'totals': 'abc' is not a whole number",
                LookupAnswer.of(new LookupResult.BadKey("totals", "abc", "long", "'abc' is not a whole number")));
        assertAnswer(404, "app 'shop' has no table 'nope'; its tables are [counts] and windowed [clicks]",
                LookupAnswer.of(new LookupResult.UnknownTable("shop", "nope", List.of("counts"),
                        List.of("clicks"))));
        assertAnswer(503, "retry shortly", LookupAnswer.of(new LookupResult.NotReady("retry shortly")));
    }

    private static void assertAnswer(int status, String error, Answer answer) {
        assertEquals(status, answer.status());
        assertEquals(error, answer.body().get("error").asText());
    }
}
