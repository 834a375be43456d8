package dev.mephisto.chat.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * What the gateway serves over plain HTTP: the browser page (shipped in the jar, no CDN) and the room
 * directory as JSON ({@code GET /rooms}, {@code GET /rooms?free=true} for rooms with a seat left).
 */
final class Pages extends Handler.Abstract.NonBlocking {

    private static final String WEB = "/dev/mephisto/chat/gateway/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html|text/html; charset=utf-8",
            "/index.html", "index.html|text/html; charset=utf-8",
            "/chat.js", "chat.js|text/javascript; charset=utf-8",
            "/chat.css", "chat.css|text/css; charset=utf-8");
    // the page's own script and style only: a comment, a name or a feed title can never run as code
    private static final String POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final RoomDirectory directory;
    private final ObjectMapper json = new ObjectMapper();

    Pages(RoomDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        if (!request.getMethod().equals("GET")) {
            return send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8",
                    ("only GET here; chat over the WebSocket at /chat").getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/rooms")) {
            Fields query = Request.extractQueryParameters(request);
            boolean free = "true".equals(query.getValue("free"));
            return send(response, callback, HttpStatus.OK_200, "application/json",
                    json.writeValueAsBytes(directory.list(free)));
        }
        String file = FILES.get(path);
        if (file == null) {
            return send(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8",
                    ("no page " + path + ": open / for the chat, /rooms for the room directory")
                            .getBytes(StandardCharsets.UTF_8));
        }
        String[] nameAndType = file.split("\\|");
        try (InputStream in = Pages.class.getResourceAsStream(WEB + nameAndType[0])) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + WEB + nameAndType[0]);
            }
            return send(response, callback, HttpStatus.OK_200, nameAndType[1], in.readAllBytes());
        }
    }

    private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
