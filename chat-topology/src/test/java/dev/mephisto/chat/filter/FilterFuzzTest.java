package dev.mephisto.chat.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mephisto.chat.Execution;
import dev.mephisto.chat.SportEvent;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated filters, and random LIKE patterns against random titles, with fixed seeds: a
 * filter either parses or is a {@link FilterException}, nothing else, and every parse and match is
 * quick whatever the input.
 */
class FilterFuzzTest {

    private static final int FILTERS = 200_000;
    private static final int LIKE_CASES = 100_000;
    /** Each parse, and each match, takes microseconds; a pause of the JVM under load must not fail the test. */
    private static final long MAX_NANOS_PER_OPERATION = Duration.ofMillis(50).toNanos();
    private static final String ADVERSARIAL = "_%".repeat(16) + "#";

    private static final List<String> TOKENS = List.of(
            "sport", "sport_event_id", "timetag", "match_title", "data_event", "market", "price", "symbol",
            "executionEpoch", "stateSymbol", "colour", "AND", "OR", "NOT", "IN", "LIKE", "and", "not", "like",
            "=", "<>", "!=", "<", "<=", ">", ">=", "==", "!", "-", "(", ")", ",", "(", ")", "'", "''",
            "1", "0", "42", "-3.5", ".5", "5.", "1.2.3", "12a", "1" + "0".repeat(320), "0." + "0".repeat(200) + "1",
            "٣", "１２", "߀", "1٣", "'Lorem%'", "'_%_%#'", "'it''s'", "'NASCAR'", "'%'", "'_'", "''", "'",
            "NONE", "ALL", "SAME", "é", "😀", "\uD83D", "\u0000", "\t", "\n", " ", " ", " ", ";", "\"", "$", "*");

    private static final List<String> VALID = List.of(
            "sport IN (1, 2) AND match_title LIKE 'Lorem%'",
            "NOT (sport = 3) OR (timetag > 999.5 AND data_event <> 'goal')",
            "match_title NOT LIKE '%ipsum%' AND sport NOT IN (4, 5, -6)",
            "match_title LIKE '" + ADVERSARIAL + "'",
            "market = 'NASCAR' AND price >= 10",
            "NOT (state_symbol IN ('NV', 'NJ')) OR quantity > 400",
            "executionEpoch > 1600000000 AND symbol LIKE 'DAYTONA:%'");

    private static final List<SportEvent> SPORT_EVENTS = List.of(
            new SportEvent(7, 1_000, 3, "Lorem ipsum dolor", "goal"),
            new SportEvent(1, 1, 1, null, null),
            new SportEvent(2, 2, 2, "x".repeat(499) + "#", "card"));
    private static final List<Execution> EXECUTIONS = List.of(
            new Execution(11, 2_000, "DAYTONA:*", "NASCAR", 12.5, 100, 1_700_000_000L, "FL"),
            new Execution(12, 2_001, null, null, 0, 0, 0L, null));

    @Test
    void shouldParseOrRejectEveryRandomAndMutatedFilterWithAFilterExceptionAndQuickly() {
        Random random = new Random(20_260_112L);
        int accepted = 0;
        long slowest = 0;
        String slowestFilter = "";
        for (int i = 0; i < FILTERS; i++) {
            String filter = switch (i % 4) {
                case 0 -> tokenSoup(random);
                case 1 -> mutate(VALID.get(random.nextInt(VALID.size())), random);
                case 2 -> nested(random);
                default -> randomCharacters(random);
            };
            FeedSchema schema = random.nextBoolean() ? FeedSchema.SPORT_EVENTS : FeedSchema.EXECUTIONS;
            long start = System.nanoTime();
            if (parseAndMatch(filter, schema)) {
                accepted++;
            }
            long took = System.nanoTime() - start;
            if (took >= MAX_NANOS_PER_OPERATION) {
                took = fastestOf(() -> parseAndMatch(filter, schema));
            }
            if (took > slowest) {
                slowest = took;
                slowestFilter = filter;
            }
        }
        assertTrue(slowest < MAX_NANOS_PER_OPERATION, "slowest parse and match took " + slowest / 1_000_000 + " ms: ["
                + printable(slowestFilter) + "]");
        assertTrue(accepted > FILTERS / 100, "the fuzz must reach evaluation too; only " + accepted + " filters parsed");
    }

    @Test
    void shouldMatchLikeExactlyAsTheRegularExpressionItReplacesOnSmallInputs() {
        Random random = new Random(44L);
        String[] patternAlphabet = {"a", "b", "%", "_", ".", "*", "😀", "\n"};
        String[] titleAlphabet = {"a", "b", ".", "*", "😀", "\n"};
        for (int i = 0; i < LIKE_CASES; i++) {
            String pattern = randomOf(patternAlphabet, random.nextInt(9), random);
            String title = randomOf(titleAlphabet, random.nextInt(11), random);
            boolean expected = regexOf(pattern).matcher(title).matches();
            assertEquals(expected, LikePattern.compile(pattern).matches(title),
                    "'" + printable(title) + "' LIKE '" + printable(pattern) + "'");
        }
    }

    @Test
    void shouldMatchRandomPatternsAgainstLongTitlesQuickly() {
        Random random = new Random(7L);
        String[] alphabet = {"a", "b", "#", "%", "_", "%", "_"};
        long slowest = 0;
        for (int i = 0; i < LIKE_CASES / 10; i++) {
            LikePattern pattern = LikePattern.compile(randomOf(alphabet, 1 + random.nextInt(120), random));
            String title = randomOf(new String[] {"a", "b", "#"}, random.nextInt(501), random);
            slowest = Math.max(slowest, fastestOf(() -> pattern.matches(title)));
        }
        assertTrue(slowest < MAX_NANOS_PER_OPERATION, "slowest match took " + slowest / 1_000_000 + " ms");
    }

    @Test
    void shouldMatchTheBacktrackingPatternOnA500CharacterTitleInMilliseconds() throws FilterException {
        String text = "match_title LIKE '" + ADVERSARIAL + "'";
        assertEquals(52, text.length(), "the filter of the report, well under the length limit");
        FeedFilter filter = FeedFilter.parse(text, FeedSchema.SPORT_EVENTS);
        List<SportEvent> events = List.of(
                new SportEvent(1, 1, 1, "a".repeat(30), "x"),
                new SportEvent(2, 1, 1, "a".repeat(36), "x"),
                new SportEvent(3, 1, 1, "a".repeat(500), "x"),
                new SportEvent(4, 1, 1, "a".repeat(499) + "#", "x"));
        // the regular expression this replaces took 3.5 s on the 30-character title and 118 s on the 36-character one
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 100; round++) {
                for (SportEvent event : events) {
                    assertEquals(event.sportEventId() == 4, filter.matches(event), event.matchTitle());
                    long took = fastestOf(() -> filter.matches(event));
                    assertTrue(took < MAX_NANOS_PER_OPERATION, "a match took " + took / 1_000_000 + " ms on "
                            + event.matchTitle().length() + " characters");
                }
            }
        });
    }

    @Test
    void shouldRejectTenThousandParenthesesOrNotsInTheParserItselfWithoutOverflowingTheStack() {
        String deep = "(".repeat(10_000) + "sport = 1" + ")".repeat(10_000);
        FilterException e = assertThrows(FilterException.class,
                () -> FilterParser.parse(deep, FeedSchema.SPORT_EVENTS));
        assertTrue(e.getMessage().startsWith("the filter nests deeper than 32 levels at position 33"), e.getMessage());
        String nots = "NOT ".repeat(10_000) + "sport = 1";
        e = assertThrows(FilterException.class,
                () -> FilterParser.parse(nots, FeedSchema.SPORT_EVENTS));
        assertTrue(e.getMessage().startsWith("the filter nests deeper than 32 levels at position 129"), e.getMessage());
    }

    /** Whether it parsed; a rejection must be a FilterException with a reason and a position in the text. */
    private static boolean parseAndMatch(String filter, FeedSchema schema) {
        try {
            FeedFilter parsed = FeedFilter.parse(filter, schema);
            for (Object event : schema == FeedSchema.SPORT_EVENTS ? SPORT_EVENTS : EXECUTIONS) {
                parsed.matches(event);
            }
            return true;
        } catch (FilterException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a rejection without a reason: " + filter);
            assertTrue(e.position() >= 0 && e.position() <= filter.length() + 1,
                    "position " + e.position() + " outside [" + printable(filter) + "]: " + e.getMessage());
            return false;
        } catch (Throwable e) {
            return fail("filter [" + printable(filter) + "] threw " + e + " instead of a FilterException", e);
        }
    }

    /**
     * How long {@code operation} takes, in nanoseconds: once, or when that is over the bound the
     * fastest of three runs, so that a pause of a loaded machine (GC, another process) is not taken
     * for a slow input; a slow input is slow every time.
     */
    private static long fastestOf(Runnable operation) {
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < 3 && fastest >= MAX_NANOS_PER_OPERATION; run++) {
            long start = System.nanoTime();
            operation.run();
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        return fastest;
    }

    // ---- generators ----

    private static String tokenSoup(Random random) {
        StringBuilder filter = new StringBuilder();
        int count = 1 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            filter.append(TOKENS.get(random.nextInt(TOKENS.size())));
            if (random.nextInt(4) != 0) {
                filter.append(' ');
            }
        }
        return filter.toString();
    }

    private static String mutate(String valid, Random random) {
        StringBuilder filter = new StringBuilder(valid);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && filter.length() > 0; i++) {
            int at = random.nextInt(filter.length());
            switch (random.nextInt(4)) {
                case 0 -> filter.deleteCharAt(at);
                case 1 -> filter.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> filter.setCharAt(at, (char) random.nextInt(0x3000));
                default -> filter.insert(at, filter.substring(at, Math.min(filter.length(), at + random.nextInt(20))));
            }
        }
        return filter.toString();
    }

    private static String nested(Random random) {
        int depth = random.nextInt(80);
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            filter.append(random.nextBoolean() ? "(" : "NOT ");
        }
        filter.append(VALID.get(random.nextInt(3)));
        filter.append(")".repeat(random.nextInt(depth + 2)));
        return filter.toString();
    }

    private static String randomCharacters(Random random) {
        StringBuilder filter = new StringBuilder();
        int length = random.nextInt(60);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                filter.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (kind < 9) {
                filter.append((char) random.nextInt(0x10000));
            } else {
                filter.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return filter.toString();
    }

    private static String randomOf(String[] alphabet, int length, Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    /** The regular expression LIKE was compiled to before: right on small inputs, exponential on some large ones. */
    private static Pattern regexOf(String like) {
        StringBuilder regex = new StringBuilder();
        like.codePoints().forEach(c -> regex.append(c == '%' ? ".*" : c == '_' ? "."
                : Pattern.quote(new String(Character.toChars(c)))));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                shown.append(String.format("\\u{%X}", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
