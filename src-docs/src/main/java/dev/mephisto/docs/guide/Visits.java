package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.LocalWindowedTable;
import dev.mephisto.Table;
import dev.mephisto.TableWindow;
import dev.mephisto.Topic;
import dev.mephisto.WindowedTable;
import java.time.Duration;

/** Session windows (joins.md): pages viewed per visit, a visit ending after five idle minutes. */
public final class Visits {

    public record Seen(String user, long pagesThisVisit, boolean adaOnline) {
    }

    public record Visit(String user, String from, String until, long pages) {
    }

    public final App app = App.create("visits");
    public final Topic<String, String> views = app.topic("page-views", Codec.string(), Codec.string());
    public final Topic<String, Seen> seen = app.topic("seen", Codec.string(), Codec.json(Seen.class));
    public final Topic<String, Visit> visits = app.topic("visits", Codec.string(), Codec.json(Visit.class));

    // tag::session-table[]
    public final WindowedTable<String, Long> pagesPerVisit = app.table(Table
            .windowed("pages-per-visit", Codec.string(), Codec.int64(),
                    TableWindow.session(Duration.ofMinutes(5)).withGrace(Duration.ofSeconds(30)))
            .onWindowClose((user, visit, pages, ctx) -> ctx.send(visits, user,
                    new Visit(user, visit.start().toString(), visit.end().toString(), pages))));
    // end::session-table[]

    public Visits() {
        // tag::session-agent[]
        app.agent("count-pages", views, (user, page, ctx) -> {
            LocalWindowedTable<String, Long> perVisit = ctx.table(pagesPerVisit);
            long pages = perVisit.merge(user, 1L, Long::sum);        // this visit, extended or begun
            boolean adaOnline = perVisit.now("ada") != null;        // a visit of ada's still open by the wall clock
            ctx.send(seen, user, new Seen(user, pages, adaOnline));
        }).uses(pagesPerVisit).sendsTo(seen, visits);
        // end::session-agent[]
    }
}
