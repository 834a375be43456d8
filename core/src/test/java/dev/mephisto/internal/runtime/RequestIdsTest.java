package dev.mephisto.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
