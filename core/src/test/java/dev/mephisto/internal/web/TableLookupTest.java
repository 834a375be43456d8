package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.Codec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableLookupTest {

    record Balance(String currency, BigDecimal total) {
    }

    @Test
    void shouldKeepADecimalsScaleInALookupAnswer() {
        assertEquals("{\"currency\":\"EUR\",\"total\":12.50}",
                TableLookup.toJson(Codec.json(Balance.class), new Balance("EUR", new BigDecimal("12.50"))).toString());
    }

    @Test
    void shouldAnswerNumbersAsNumbersAndTextAsText() {
        assertEquals("42", TableLookup.toJson(Codec.int64(), 42L).toString());
        assertEquals("\"hi\"", TableLookup.toJson(Codec.string(), "hi").toString());
    }

    /** A user's own codec whose bytes are JSON text, saying so through {@link Codec#toJson}. */
    record JsonText(boolean claimsJson) implements Codec<String> {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String describe() {
            return "json-text";
        }

        @Override
        public Optional<String> toJson(String value) {
            return claimsJson ? Optional.of(value) : Optional.empty();
        }
    }

    @Test
    void shouldEmbedTheJsonOfAUsersCodecThatSaysItRendersJson() {
        assertEquals("{\"a\":[1,2]}", TableLookup.toJson(new JsonText(true), "{\"a\":[1,2]}").toString());
        assertEquals("\"{\\\"a\\\":1}\"", TableLookup.toJson(new JsonText(false), "{\"a\":1}").toString(),
                "a codec that does not say so is shown as text");
    }

    @Test
    void shouldShowTextWhenACodecClaimsJsonButWritesSomethingElse() {
        assertEquals("\"not json {\"", TableLookup.toJson(new JsonText(true), "not json {").toString());
    }
}
