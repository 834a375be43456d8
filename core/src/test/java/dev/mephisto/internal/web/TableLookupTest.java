package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.Codec;
import java.math.BigDecimal;
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
        assertEquals("42", TableLookup.toJson(Codec.longs(), 42L).toString());
        assertEquals("\"hi\"", TableLookup.toJson(Codec.string(), "hi").toString());
    }
}
