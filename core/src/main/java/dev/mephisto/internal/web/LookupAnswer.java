package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How {@code GET /tables/{table}/{key}} answers each kind of {@link LookupResult}: status and JSON body. */
final class LookupAnswer {

    private LookupAnswer() {
    }

    /** The result as an HTTP answer; a key kept elsewhere (409) names its owner for the caller to ask. */
    static Answer of(LookupResult result) {
        if (result instanceof LookupResult.Found found) {
            ObjectNode body = tableAndKey(found.table(), found.key());
            body.set("value", found.value());
            return new Answer(200, body);
        }
        if (result instanceof LookupResult.FoundWindows found) {
            ObjectNode body = tableAndKey(found.table(), found.key());
            ArrayNode windows = body.putArray("windows");
            for (LookupResult.WindowValue entry : found.windows()) {
                ObjectNode window = windows.addObject();
                window.put("start", entry.start().toString());
                window.put("end", entry.end().toString());
                window.set("value", entry.value());
            }
            return new Answer(200, body);
        }
        if (result instanceof LookupResult.Elsewhere elsewhere) {
            Answer answer = Answer.error(409, "the key is kept by the worker at " + elsewhere.owner()
                    + ", not this one (" + elsewhere.self() + "): ask it there");
            ((ObjectNode) answer.body()).put("owner", elsewhere.owner());
            return answer;
        }
        if (result instanceof LookupResult.Missing missing) {
            return Answer.error(404, "table '" + missing.table() + "' has no " + (missing.windowed() ? "window" : "value")
                    + " for key '" + missing.key() + "'");
        }
        if (result instanceof LookupResult.BadKey bad) {
            return Answer.error(400, "key '" + bad.key() + "' is not a " + bad.keyCodec() + " for table '"
                    + bad.table() + "': " + bad.reason());
        }
        if (result instanceof LookupResult.UnknownTable unknown) {
            return Answer.error(404, "app '" + unknown.app() + "' has no table '" + unknown.table() + "'; its tables are "
                    + unknown.tables() + " and windowed " + unknown.windowedTables());
        }
        LookupResult.NotReady notReady = (LookupResult.NotReady) result;
        return Answer.error(503, notReady.reason());
    }

    private static ObjectNode tableAndKey(String table, String key) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("table", table);
        body.put("key", key);
        return body;
    }
}
