package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void shouldWriteVersion4UuidsThatJavaParsesBackToTheSameText() {
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            UUID parsed = UUID.fromString(id);
            assertEquals(id, parsed.toString());
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
        }
        assertNotEquals(RequestIds.newId(), RequestIds.newId());
    }

    @Test
    void shouldWriteEveryRandomDigitOfAnIdFromBitsOfItsOwn() {
        // a digit written from fixed bits shows fewer than 16 values; two written from the same bits always agree
        List<Set<Character>> seen = new ArrayList<>();
        for (int at = 0; at < 36; at++) {
            seen.add(new HashSet<>());
        }
        int[][] agree = new int[36][36];
        for (int i = 0; i < 2_000; i++) {
            String id = new String(RequestIds.newIdBytes(), StandardCharsets.US_ASCII);
            assertEquals(id, UUID.fromString(id).toString());
            for (int at = 0; at < id.length(); at++) {
                seen.get(at).add(id.charAt(at));
                for (int other = at + 1; other < id.length(); other++) {
                    agree[at][other] += id.charAt(at) == id.charAt(other) ? 1 : 0;
                }
            }
        }
        for (int at = 0; at < seen.size(); at++) {
            int expected = at == 8 || at == 13 || at == 18 || at == 23 ? 1 // the dashes
                    : at == 14 ? 1 // the version, 4
                    : at == 19 ? 4 // the variant: 8, 9, a or b
                    : 16;
            assertEquals(expected, seen.get(at).size(), "distinct characters at position " + at + ": " + seen.get(at));
            for (int other = at + 1; expected > 1 && other < seen.size(); other++) {
                if (seen.get(other).size() > 1) {
                    // independent digits agree about one time in 16 (125 of 2,000)
                    assertTrue(agree[at][other] < 500, "positions " + at + " and " + other + " agreed "
                            + agree[at][other] + " times in 2,000 ids");
                }
            }
        }
    }

    @Test
    void shouldKeepAGivenIdAndAddOneWhenThereIsNone() {
        RecordHeaders given = new RecordHeaders();
        given.add("requestId", "r-1".getBytes(StandardCharsets.UTF_8));
        assertEquals("r-1", RequestIds.ensure(given));
        assertEquals(1, given.toArray().length);

        RecordHeaders none = new RecordHeaders();
        String created = RequestIds.ensure(none);
        assertEquals(created, new String(none.lastHeader("requestId").value(), StandardCharsets.UTF_8));
        assertTrue(created.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), created);
    }

    @Test
    void shouldKeepTheIdOfARecordWrittenWithThe01HeaderNameAndCarryItOnUnderTheNewName() {
        RecordHeaders old = new RecordHeaders();
        old.add("request-id", "r-0.1".getBytes(StandardCharsets.UTF_8));

        assertEquals("r-0.1", RequestIds.find(old));
        assertEquals("r-0.1", RequestIds.ensure(old));
        assertEquals("r-0.1", new String(old.lastHeader("requestId").value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldPreferTheCurrentHeaderNameOverThe01One() {
        RecordHeaders both = new RecordHeaders();
        both.add("request-id", "old".getBytes(StandardCharsets.UTF_8));
        both.add("requestId", "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("new", RequestIds.ensure(both));
        assertEquals(2, both.toArray().length);
    }
}
