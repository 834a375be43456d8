package dev.mephisto.examples;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import java.time.Duration;

/**
 * A tumbling one-minute count of clicks per page, read with Faust's {@code current()} and
 * {@code now()}; each minute's final count goes to {@code clicks-per-minute} when the minute
 * closes, and a wall-clock timer reports every ten seconds.
 */
final class ClickWindows {

    record Reading(String page, Long current, Long now) {
    }

    final App app = App.create("clicks");
    final Topic<String, String> clicks = app.topic("clicks", Codec.string(), Codec.string());
    final Topic<String, Reading> readings = app.topic("click-readings", Codec.string(), Codec.json(Reading.class));
    final Topic<String, Long> minuteTotals = app.topic("clicks-per-minute", Codec.string(), Codec.int64());
    final Topic<String, Long> ticks = app.topic("ticks", Codec.string(), Codec.int64());
    final WindowedTable<String, Long> perMinute = app.table(Table
            .windowed("clicks-per-minute-table", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1)))
            .emitClosedWindowsTo(minuteTotals));

    ClickWindows() {
        app.agent("count-clicks", clicks, (user, page, ctx) -> {
            var table = ctx.table(perMinute);
            table.merge(page, 1L, Long::sum);
            ctx.send(readings, page, new Reading(page, table.current(page), table.now(page)));
        }).sendsTo(readings, ticks).uses(perMinute)
                .onWallClock(Duration.ofSeconds(10), ctx -> ctx.send(ticks, "tick", ctx.timestamp()));
    }
}
