package dev.mephisto;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a body and headers. Immutable; made by the static factories and
 * copied by {@link #withHeader}. A JSON body is written with the app's JSON mapper (the one of
 * {@link Codec#json}); every answer carries the request's {@code X-Request-Id}.
 *
 * <pre>{@code
 * return WebResponse.json(201, order).withHeader("Location", "/orders/" + order.id());
 * }</pre>
 */
public final class WebResponse {

    private final int status;
    private final Object json;
    private final byte[] bytes;
    private final String contentType;
    private final Map<String, String> headers;

    private WebResponse(int status, Object json, byte[] bytes, String contentType, Map<String, String> headers) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        this.status = status;
        this.json = json;
        this.bytes = bytes;
        this.contentType = contentType;
        this.headers = Map.copyOf(headers);
    }

    /** 200 with {@code value} as JSON (a record, a map, a list, a number...). */
    public static WebResponse json(Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} as JSON. */
    public static WebResponse json(int status, Object value) {
        return new WebResponse(status, value, null, "application/json; charset=utf-8", Map.of());
    }

    /** {@code status} with {@code {"error": message}}, the shape of every built-in error. */
    public static WebResponse error(int status, String message) {
        Objects.requireNonNull(message, "message can't be null");
        return json(status, Map.of("error", message));
    }

    /** 200 with {@code text} as UTF-8 plain text. */
    public static WebResponse text(String text) {
        Objects.requireNonNull(text, "text can't be null");
        return new WebResponse(200, null, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", Map.of());
    }

    /** {@code status} with {@code body} of {@code contentType} as it is. */
    public static WebResponse bytes(int status, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType can't be null");
        Objects.requireNonNull(body, "body can't be null");
        return new WebResponse(status, null, body.clone(), contentType, Map.of());
    }

    /** {@code status} with no body (204, 202...). */
    public static WebResponse status(int status) {
        return new WebResponse(status, null, new byte[0], "text/plain; charset=utf-8", Map.of());
    }

    /** This response with one more header (replacing one of the same name). */
    public WebResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "name can't be null");
        Objects.requireNonNull(value, "value can't be null (header " + name + ")");
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebResponse(status, json, bytes, contentType, more);
    }

    public int status() {
        return status;
    }

    /** The value to write as JSON, or {@code null} when the body is bytes. */
    public Object jsonBody() {
        return json;
    }

    /** The body as bytes, or {@code null} when it is JSON ({@link #jsonBody()}). */
    public byte[] bytes() {
        return bytes == null ? null : bytes.clone();
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "WebResponse(" + status + ", " + contentType + ")";
    }
}
