package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What an operations endpoint answers: an HTTP status and a JSON body. */
public record Answer(int status, JsonNode body) {

    /** An error answer: {@code {"error": message}}. */
    public static Answer error(int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", message);
        return new Answer(status, body);
    }
}
