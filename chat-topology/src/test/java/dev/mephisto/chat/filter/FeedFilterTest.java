package dev.mephisto.chat.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.chat.Execution;
import dev.mephisto.chat.SportEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedFilterTest {

    private static final SportEvent RACE = new SportEvent(7, 1_000, 3, "Lorem ipsum dolor", "goal");
    private static final Execution NASCAR = new Execution(11, 2_000, "DAYTONA:*", "NASCAR", 12.5, 100,
            1_700_000_000L, "FL");

    private static boolean sport(String filter) throws FilterException {
        return FeedFilter.parse(filter, FeedSchema.SPORT_EVENTS).matches(RACE);
    }

    private static boolean execution(String filter) throws FilterException {
        return FeedFilter.parse(filter, FeedSchema.EXECUTIONS).matches(NASCAR);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "NONE|true",
        "ALL|false",
        "sport = 3|true",
        "sport <> 3|false",
        "sport != 2|true",
        "sport < 4 AND sport >= 3|true",
        "sport > 3 OR sport <= 2|false",
        "sport IN (1, 2, 3)|true",
        "sport NOT IN (1, 2, 3)|false",
        "match_title LIKE 'Lorem%'|true",
        "match_title LIKE 'lorem%'|false",
        "match_title LIKE '_orem ipsum dolo_'|true",
        "match_title NOT LIKE '%ipsum%'|false",
        "NOT (sport = 3)|false",
        "sport = 1 OR sport = 3 AND data_event = 'goal'|true",
        "(sport = 1 OR sport = 3) AND data_event = 'card'|false",
        "SPORT = 3 and Match_Title like 'L%'|true",
        "sport_event_id = 7 AND timetag > 999.5|true",
        "match_title = 'Lorem ipsum dolor'|true",
        "-1 < sport|true",
    })
    void shouldEvaluateSportFiltersLikeSql(String filter, boolean expected) throws FilterException {
        assertEquals(expected, sport(filter), filter);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "market = 'NASCAR' AND price >= 10|true",
        "symbol LIKE 'DAYTONA:%'|true",
        "quantity BETWEEN|error",
        "executionEpoch > 1600000000 AND stateSymbol = 'FL'|true",
        "execution_epoch > 1600000000 AND state_symbol IN ('FL', 'NV')|true",
        "market IN ('POLITICS', 'TRACK&FIELD')|false",
        "price < 12.5|false",
    })
    void shouldEvaluateExecutionFiltersIncludingCamelCaseNames(String filter, String expected) {
        if (expected.equals("error")) {
            assertThrows(FilterException.class, () -> execution(filter));
            return;
        }
        try {
            assertEquals(Boolean.parseBoolean(expected), execution(filter), filter);
        } catch (FilterException e) {
            throw new AssertionError(filter + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "sport = 'three'|cannot compare field sport (a number) with the text 'three' at position 7",
        "match_title > 3|cannot compare field match_title (a text) with the number 3 at position 13",
        "sprot = 1|unknown field 'sprot' at position 1: sport event fields are sport_event_id, timetag, sport, match_title, data_event",
        "sport =|missing operand at position 8",
        "= 1|missing operand at position 1",
        "sport == 1|'==' is not an operator at position 7: compare with '='",
        "sport = 1 AND|missing operand at position 14",
        "sport = 1 sport = 2|unexpected 'sport' at position 11: join conditions with AND or OR",
        "(sport = 1|expected ')' to close the '(' at position 1 at position 11",
        "match_title = 'open|text starting at position 15 has no closing quote",
        "sport = 1; DROP TABLE rooms|unexpected character ';' at position 10",
        "sport IN (1, 'two')|IN list at position 7 mixes field sport (a number) with the text 'two'",
        "sport LIKE '1%'|LIKE at position 7 needs a text on its left, got field sport (a number)",
        "none|unknown field 'none' at position 1",
        "sport|expected a comparison (= <> != < <= > >=), IN or LIKE at position 6, found the end of the filter",
        "sport = ٣|unexpected character '٣' (U+0663) at position 9: numbers are written with the digits 0-9 only",
        "sport = １|unexpected character '１' (U+FF11) at position 9: numbers are written with the digits 0-9 only",
        "sport = 1٣|unexpected character '٣' (U+0663) at position 10",
        "sport٣ = 1|unexpected character '٣' (U+0663) at position 6",
        "spört = 1|unexpected character 'ö' (U+00F6) at position 3",
        "sport = \u0000 1|unexpected character U+0000 at position 9",
        "sport = \u200b1|unexpected character U+200B at position 9",
        "'|text starting at position 1 has no closing quote",
        "match_title = '''|text starting at position 15 has no closing quote",
        "match_title = ''' OR sport = 1|text starting at position 15 has no closing quote",
        "sport = 1.2.3|'1.2.3' at position 9 is not a number",
        "sport = .|unexpected character '.' at position 9",
        "sport = 1e5|'1e...' at position 9 is neither a number nor a field",
        "sport = --1|missing operand at position 9",
    })
    void shouldRejectAnInvalidFilterWithAReasonAndAPosition(String filter, String reason) {
        FilterException e = assertThrows(FilterException.class, () -> FeedFilter.parse(filter, FeedSchema.SPORT_EVENTS));
        assertTrue(e.getMessage().startsWith(reason), "for [" + filter + "] got: " + e.getMessage());
    }

    @Test
    void shouldRejectAFilterLongerThanTheLimit() {
        String filter = "sport = 1" + " OR sport = 1".repeat(50);
        FilterException e = assertThrows(FilterException.class, () -> FeedFilter.parse(filter, FeedSchema.SPORT_EVENTS));
        assertEquals("the filter is 659 characters long; the limit is 500", e.getMessage());
    }

    @Test
    void shouldRejectANumberTooLargeForADoubleWithItsPosition() {
        String huge = "1" + "0".repeat(400);
        FilterException e = assertThrows(FilterException.class,
                () -> FeedFilter.parse("sport > -" + huge, FeedSchema.SPORT_EVENTS));
        assertEquals("the number 10000000000000000... at position 10 (401 characters) is too large: numbers go up to"
                + " about 1.8E308", e.getMessage());
        assertEquals(10, e.position());
    }

    @Test
    void shouldAcceptThirtyTwoLevelsOfNestingAndRejectTheThirtyThirdAtItsPosition() throws FilterException {
        String levels32 = "NOT (".repeat(16) + "sport = 3" + ")".repeat(16);
        assertTrue(sport(levels32), "an even number of NOTs around a true condition");
        FilterException e = assertThrows(FilterException.class,
                () -> sport("(" + levels32 + ")"));
        assertEquals("the filter nests deeper than 32 levels at position 81 (each '(' and each NOT is a level):"
                + " write it with fewer parentheses or NOTs", e.getMessage());
        assertEquals(81, e.position(), "the innermost '(', the 33rd level");
        e = assertThrows(FilterException.class, () -> sport("NOT ".repeat(33) + "sport = 3"));
        assertEquals(129, e.position(), e.getMessage());
    }

    @Test
    void shouldRejectAnEmptyFilterAndSuggestWhatWorks() {
        FilterException e = assertThrows(FilterException.class, () -> FeedFilter.parse("  ", FeedSchema.EXECUTIONS));
        assertTrue(e.getMessage().contains("use NONE (deliver all), ALL (deliver none), SAME"), e.getMessage());
    }

    @Test
    void shouldTreatAQuoteDoubledInsideATextAsOneQuote() throws FilterException {
        SportEvent quoted = new SportEvent(1, 1, 1, "it's on", "x");
        assertTrue(FeedFilter.parse("match_title = 'it''s on'", FeedSchema.SPORT_EVENTS).matches(quoted));
    }

    @Test
    void shouldMatchNothingWhenAFieldIsMissing() throws FilterException {
        SportEvent untitled = new SportEvent(1, 1, 1, null, "x");
        assertFalse(FeedFilter.parse("match_title LIKE '%'", FeedSchema.SPORT_EVENTS).matches(untitled));
        assertFalse(FeedFilter.parse("match_title <> 'a'", FeedSchema.SPORT_EVENTS).matches(untitled));
    }
}
