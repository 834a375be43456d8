package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import dev.mephisto.testing.OutputRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session windows, and records that come after their window closed (late), for windowed tables. */
class WindowedTableTimeTest {

    record Presence(String user, Long visit, Long online) {
    }

    private static final Instant T = AppTestDriver.DEFAULT_START;
    private static final Duration GAP = Duration.ofMinutes(5);

    private final App app = App.create("site");
    private final Topic<String, String> clicks = app.topic("clicks", Codec.string(), Codec.string());
    private final Topic<String, Presence> presence = app.topic("presence", Codec.string(), Codec.json(Presence.class));
    private final Topic<String, Long> visits = app.topic("visits", Codec.string(), Codec.int64());
    private final Topic<String, String> closedLog = app.topic("closed-log", Codec.string(), Codec.string());
    private AppTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Clicks per visit (a session of {@code GAP}); each click reports this visit's count and whether "ada" is online. */
    private WindowedTable<String, Long> sessions(boolean emit) {
        return sessions(emit, Duration.ZERO);
    }

    private WindowedTable<String, Long> sessions(boolean emit, Duration grace) {
        WindowedTable<String, Long> table = Table.windowed("clicks-per-visit", Codec.string(), Codec.int64(),
                TableWindow.session(GAP).withGrace(grace));
        if (emit) {
            table = table.emitClosedWindowsTo(visits)
                    .onWindowClose((user, window, count, ctx) -> ctx.send(closedLog, user, window + "=" + count));
        }
        WindowedTable<String, Long> visitTable = app.table(table);
        app.agent("count-visits", clicks, (user, page, ctx) -> {
            LocalWindowedTable<String, Long> perVisit = ctx.table(visitTable);
            perVisit.merge(user, 1L, Long::sum);
            ctx.send(presence, user, new Presence(user, perVisit.current(user), perVisit.now("ada")));
        }).uses(visitTable).sendsTo(presence, visits, closedLog);
        driver = AppTestDriver.create(app);
        return visitTable;
    }

    private void click(String user, Instant at) {
        driver.send(clicks, user, "/home", at);
    }

    private static WindowRange range(Instant first, Instant last) {
        return new WindowRange(first, last.plusMillis(1));
    }

    @Test
    void shouldCountRecordsLessThanTheGapApartAsOneSessionAndStartAnotherAfterTheGap() {
        WindowedTable<String, Long> table = sessions(false);
        click("ada", T);
        click("ada", T.plus(Duration.ofMinutes(3)));
        click("ada", T.plus(Duration.ofMinutes(7)));
        click("ada", T.plus(Duration.ofMinutes(20)));

        assertEquals(List.of(1L, 2L, 3L, 1L), driver.readValues(presence).stream().map(Presence::visit).toList());
        assertEquals(Map.of(range(T, T.plus(Duration.ofMinutes(7))), 3L,
                range(T.plus(Duration.ofMinutes(20)), T.plus(Duration.ofMinutes(20))), 1L), driver.windows(table, "ada"));
        assertEquals(3L, driver.get(table, "ada", T));
    }

    @Test
    void shouldMergeTwoSessionsWhenARecordArrivesInTheGapBetweenThem() {
        WindowedTable<String, Long> table = sessions(false, Duration.ofMinutes(5));   // T's visit open until T+10m
        click("ada", T);
        click("ada", T.plus(Duration.ofMinutes(8)));
        click("ada", T.plus(Duration.ofMinutes(4)));             // out of order, within the gap of both

        assertEquals(Map.of(range(T, T.plus(Duration.ofMinutes(8))), 3L), driver.windows(table, "ada"));
        assertEquals(List.of(1L, 1L, 3L), driver.readValues(presence).stream().map(Presence::visit).toList());
    }

    @Test
    void shouldEmitASessionOnceWhenStreamTimePassesItsLastRecordPlusTheGap() {
        sessions(true);
        click("ada", T);
        click("ada", T.plus(Duration.ofMinutes(2)));
        click("bob", T.plus(Duration.ofMinutes(6)));
        driver.advanceWallClock(Duration.ofSeconds(1));          // the closing check runs each second
        assertTrue(driver.isEmpty(visits), "ada's visit is open until 2 min + 5 min");

        click("bob", T.plus(Duration.ofMinutes(8)));
        driver.advanceWallClock(Duration.ofSeconds(1));
        List<OutputRecord<String, Long>> closed = driver.read(visits);
        assertEquals(1, closed.size());
        assertEquals("ada", closed.get(0).key());
        assertEquals(2L, closed.get(0).value());
        assertEquals(T.toString(), closed.get(0).headers().get("mephisto.window.start"));
        assertEquals(T.plus(Duration.ofMinutes(2)).plusMillis(1).toString(),
                closed.get(0).headers().get("mephisto.window.end"));
        assertEquals(List.of("[" + T + ", " + T.plus(Duration.ofMinutes(2)).plusMillis(1) + ")=2"),
                driver.readValues(closedLog));

        driver.advanceWallClock(Duration.ofSeconds(1));
        assertTrue(driver.isEmpty(visits), "closed once");
    }

    @Test
    void shouldCloseTheLastSessionByTheWallClockWhenNoRecordFollows() {
        sessions(true);
        click("ada", T);
        driver.advanceWallClock(Duration.ofMinutes(4));
        assertTrue(driver.isEmpty(visits));

        driver.advanceWallClock(Duration.ofMinutes(2));
        assertEquals(List.of(1L), driver.readValues(visits));
    }

    @Test
    void shouldTellWhetherAKeyIsOnlineNowByTheWallClock() {
        sessions(false);
        click("ada", T);
        click("bob", T.plus(Duration.ofMinutes(1)));
        driver.advanceWallClock(Duration.ofMinutes(6));          // ada's last click is now six minutes old
        click("bob", T.plus(Duration.ofMinutes(2)));

        assertEquals(Arrays.asList(1L, 1L, null), driver.readValues(presence).stream().map(Presence::online).toList());
    }

    @Test
    void shouldSendARecordForAClosedSessionToTheDeadLetterTopicAsLate() {
        WindowedTable<String, Long> table = sessions(false);
        click("ada", T.plus(Duration.ofMinutes(10)));
        click("ada", T);                                           // 10 min behind stream time, gap 5 min

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size());
        DeadLetter late = letters.get(0);
        assertEquals(DeadLetter.Kind.LATE, late.kind());
        assertEquals(T.toString(), late.headers().get(DeadLetter.HEADER_EVENT_TIME));
        assertEquals(T + "/" + T.plus(GAP), late.headers().get(DeadLetter.HEADER_WINDOW));
        assertEquals(T.plus(Duration.ofMinutes(10)).toString(), late.headers().get(DeadLetter.HEADER_STREAM_TIME));
        assertTrue(late.message().contains("windowed table 'clicks-per-visit'"), late.message());
        assertEquals(1, driver.windows(table, "ada").size());
    }

    @Test
    void shouldSendARecordPastItsTumblingWindowsGraceToTheDeadLetterTopicAsLateAndCountOneWithinIt() {
        WindowedTable<String, Long> perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1)).withGrace(Duration.ofSeconds(10))));
        app.agent("count", clicks, (user, page, ctx) -> ctx.table(perMinute).merge(user, 1L, Long::sum)).uses(perMinute);
        driver = AppTestDriver.create(app);
        click("ada", T.plus(Duration.ofMinutes(2)).plusSeconds(5));
        click("ada", T.plusSeconds(30));                             // [T, T+1m) closed at T+1m10s
        click("ada", T.plus(Duration.ofMinutes(1)).plusSeconds(30)); // [T+1m, T+2m) still in its grace

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size(), letters::toString);
        assertEquals(DeadLetter.Kind.LATE, letters.get(0).kind());
        assertEquals(T.plusSeconds(30).toString(), letters.get(0).headers().get(DeadLetter.HEADER_EVENT_TIME));
        assertEquals(T + "/" + T.plus(Duration.ofMinutes(1)), letters.get(0).headers().get(DeadLetter.HEADER_WINDOW));
        assertEquals(T.plus(Duration.ofMinutes(2)).plusSeconds(5).toString(),
                letters.get(0).headers().get(DeadLetter.HEADER_STREAM_TIME));
        assertNull(driver.get(perMinute, "ada", T));
        assertEquals(1L, driver.get(perMinute, "ada", T.plus(Duration.ofMinutes(1))));
    }

    @Test
    void shouldSendARecordForAWindowAlreadyEmittedToTheDeadLetterTopicAsLate() {
        WindowedTable<String, Long> perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1))).emitClosedWindowsTo(visits));
        app.agent("count", clicks, (user, page, ctx) -> ctx.table(perMinute).merge(user, 1L, Long::sum))
                .uses(perMinute).sendsTo(visits);
        driver = AppTestDriver.create(app);
        click("ada", T.plusSeconds(10));
        driver.advanceWallClock(Duration.ofSeconds(61));           // idle: the wall clock closes the minute
        assertEquals(List.of(1L), driver.readValues(visits));

        click("ada", T.plusSeconds(20));                           // its minute was already reported

        assertEquals(List.of(DeadLetter.Kind.LATE), driver.deadLetters().stream().map(DeadLetter::kind).toList());
        assertEquals(1L, driver.get(perMinute, "ada", T), "the reported count stands");
    }

    @Test
    void shouldRefuseANonPositiveGap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableWindow.session(Duration.ZERO));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
        assertEquals("session(gap PT5M, grace PT0S, retention PT24H)", TableWindow.session(GAP).toString());
    }
}
