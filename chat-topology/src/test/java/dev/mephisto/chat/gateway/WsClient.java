package dev.mephisto.chat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket chat client for tests, on the JDK's own client: keeps every frame, waits with timeouts. */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String user;
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    WsClient(int port, String user) {
        this.user = user;
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://localhost:" + port + "/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException("the gateway sent a frame that is no JSON: " + partial, e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode = statusCode;
                        closeReason = reason;
                        return null;
                    }
                }).orTimeout(15, TimeUnit.SECONDS).join();
    }

    void sendRaw(String text) {
        socket.sendText(text, true).orTimeout(15, TimeUnit.SECONDS).join();
    }

    void send(String type, Object... fields) {
        ObjectNode request = JSON.createObjectNode().put("type", type).put("user", user);
        for (int i = 0; i < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value instanceof Integer n) {
                request.put((String) fields[i], n);
            } else {
                request.put((String) fields[i], String.valueOf(value));
            }
        }
        sendRaw(request.toString());
    }

    void join(int room) {
        send("JOIN", "room", room);
        awaitFrame(f -> "USERJOINED".equals(f.path("status").asText()) && user.equals(f.path("subject").asText()),
                Duration.ofSeconds(60), user + " joined room " + room);
    }

    void say(String text) {
        send("COMMENT", "text", text);
    }

    String session() {
        return awaitFrame(f -> "CONNECTED".equals(f.path("type").asText()), Duration.ofSeconds(10), "CONNECTED")
                .path("session").asText();
    }

    /** The comments received, "from: text", in order. */
    List<String> comments() {
        List<String> out = new ArrayList<>();
        for (JsonNode f : frames) {
            if ("COMMENT".equals(f.path("type").asText())) {
                out.add(f.path("from").asText() + ": " + f.path("text").asText());
            }
        }
        return out;
    }

    JsonNode awaitFrame(Predicate<JsonNode> which, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode f : frames) {
                if (which.test(f)) {
                    return f;
                }
            }
            sleep(20);
        }
        throw new AssertionError(user + " did not receive " + what + " within " + timeout.toSeconds() + " s; got "
                + frames);
    }

    void awaitComments(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (comments().size() < count && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (comments().size() < count) {
            throw new AssertionError(user + " received " + comments().size() + " of " + count + " comments within "
                    + timeout.toSeconds() + " s: " + comments());
        }
    }

    void awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closeCode == null && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (closeCode == null) {
            throw new AssertionError(user + "'s connection was not closed within " + timeout.toSeconds() + " s");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (closeCode == null) {
            socket.abort();
        }
    }
}
