package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.LocalWindowedTable;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import java.time.Duration;

/** A windowed table (concepts.md): clicks per page per minute, read with current(), now() and delta(). */
public final class ClicksApp {

    public record Reading(String page, Long thisMinute, Long wallClockMinute, Long minuteBefore) {
    }

    public final App app = App.create("clicks");
    public final Topic<String, String> clicks = app.topic("clicks", Codec.string(), Codec.string());
    public final Topic<String, Reading> readings = app.topic("click-readings", Codec.string(), Codec.json(Reading.class));
    public final Topic<String, Long> minuteTotals = app.topic("clicks-per-minute", Codec.string(), Codec.int64());
    public final Topic<String, String> alerts = app.topic("click-alerts", Codec.string(), Codec.string());

    // tag::windowed-table[]
    public final WindowedTable<String, Long> perMinute = app.table(Table
            .windowed("clicks-per-page", Codec.string(), Codec.int64(),
                    TableWindow.tumbling(Duration.ofMinutes(1)).withGrace(Duration.ofSeconds(10)))
            .emitClosedWindowsTo(minuteTotals)
            .onWindowClose((page, window, count, ctx) -> {
                if (count >= 100) {
                    ctx.send(alerts, page, count + " clicks in " + window);
                }
            }));
    // end::windowed-table[]

    public ClicksApp() {
        // tag::windowed-agent[]
        app.agent("count-clicks", clicks, (user, page, ctx) -> {
            LocalWindowedTable<String, Long> table = ctx.table(perMinute);
            table.merge(page, 1L, Long::sum);
            ctx.send(readings, page, new Reading(page,
                    table.current(page),                          // the window of this event's timestamp
                    table.now(page),                              // the window of the wall clock
                    table.delta(page, Duration.ofMinutes(1))));   // the window one minute before this event
        }).sendsTo(readings, alerts).uses(perMinute);
        // end::windowed-agent[]
    }
}
