package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Outgoing;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.WebResponse;
import java.util.Map;

/** The custom-routes sample of operations.md: Faust's web views as {@code app.route}. */
public final class WebViews {

    private WebViews() {
    }

    record Note(String text) {
    }

    public static App app() {
        App app = App.create("notes");
        Topic<String, Note> notes = app.topic("notes", Codec.string(), Codec.json(Note.class));
        KeyValueTable<String, Long> counts = app.table("note-counts", Codec.string(), Codec.int64());
        app.agent("count", notes, (author, note, ctx) -> ctx.table(counts).merge(author, 1L, Long::sum)).uses(counts);
        TopicClient client = TopicClient.connect(app);
        // tag::routes[]
        // GET /hello/ana -> {"hello": "ana", "requestId": "..."}
        app.route("GET", "/hello/{name}", request -> WebResponse.json(Map.of(
                "hello", request.pathParam("name"), "requestId", request.requestId())));

        // POST /authors/ana/notes {"text": "..."} -> 202, the note sent on with the request's id
        app.route("POST", "/authors/{author}/notes", request -> {
            Note note = request.json(Note.class);                  // not a Note: 400 with the reason
            if (note.text() == null || note.text().isBlank()) {
                return WebResponse.error(400, "text must not be blank");
            }
            client.send(Outgoing.to(notes, request.pathParam("author"), note).withRequestId(request.requestId()));
            return WebResponse.json(202, Map.of("requestId", request.requestId()));
        });
        // end::routes[]
        return app;
    }
}
