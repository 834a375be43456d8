package dev.mephisto.chat.feed;

import dev.mephisto.chat.Execution;
import dev.mephisto.chat.SportEvent;
import java.util.List;
import java.util.Random;

/**
 * Generators of feed events like the original simulators': sport events of sports 1 to 7 with
 * lorem-ipsum match titles, and executions over fourteen symbol/market pairs.
 *
 * <pre>{@code
 * Feeds feeds = new Feeds(new Random(42));
 * SportEvent event = feeds.sportEvent(1);
 * }</pre>
 */
public final class Feeds {

    /** The symbol/market pairs executions are drawn from. */
    public static final List<String[]> MARKETS = List.of(
            new String[] {"DAYTONA:*", "NASCAR"},
            new String[] {"TALLADEGA:*", "NASCAR"},
            new String[] {"INDY 500:*", "INDYCAR"},
            new String[] {"PRESIDENT:winner--Joe Biden", "POLITICS"},
            new String[] {"PRESIDENT:winner--Donald Trump", "POLITICS"},
            new String[] {"SENATE:control--DEM", "POLITICS"},
            new String[] {"SENATE:control--GOP", "POLITICS"},
            new String[] {"OLYMPIC 100m:*", "TRACK&FIELD"},
            new String[] {"OLYMPIC 200m:*", "TRACK&FIELD"},
            new String[] {"OLYMPIC MARATHON:*", "TRACK&FIELD"},
            new String[] {"SUPER BOWL:winner--*", "NFL"},
            new String[] {"WORLD SERIES:winner--*", "MLB"},
            new String[] {"STANLEY CUP:winner--*", "NHL"},
            new String[] {"MASTERS:winner--*", "GOLF"});

    private static final String[] LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"
            + " tempor incididunt ut labore et dolore magna aliqua").split(" ");
    private static final String[] DATA_EVENTS = {"kickoff", "goal", "foul", "yellow card", "red card", "substitution",
        "timeout", "halftime", "penalty", "final whistle"};
    private static final String[] STATES = {"AZ", "CA", "CO", "FL", "IL", "IN", "MI", "NJ", "NV", "NY", "PA", "TN",
        "VA"};

    private final Random random;

    public Feeds(Random random) {
        this.random = random;
    }

    /** A sport event with this id. */
    public SportEvent sportEvent(long id) {
        String title = word(true) + " " + word(false) + " vs " + word(true) + " " + word(false);
        return new SportEvent(id, System.currentTimeMillis(), 1 + random.nextInt(7), title,
                DATA_EVENTS[random.nextInt(DATA_EVENTS.length)]);
    }

    /** An execution with this id. */
    public Execution execution(long id) {
        String[] market = MARKETS.get(random.nextInt(MARKETS.size()));
        double price = Math.round((1 + random.nextDouble() * 99) * 100) / 100.0;
        long now = System.currentTimeMillis();
        return new Execution(id, now, market[0], market[1], price, 1 + random.nextInt(500), now / 1000,
                STATES[random.nextInt(STATES.length)]);
    }

    private String word(boolean capital) {
        String word = LOREM[random.nextInt(LOREM.length)];
        return capital ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
    }
}
