package dev.mephisto.chat.client;

import dev.mephisto.Codec;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chat client's link through a gateway's WebSocket ({@code gateway} command): no Kafka access
 * needed. The gateway's error frames and its closing the socket come back as {@code NOTICE}
 * deliveries whose text starts with {@code "! "}.
 *
 * <pre>{@code
 * try (GatewayConnection chat = GatewayConnection.open("ws://localhost:8080/chat", "alex")) {
 *     chat.send(ChatRequest.join("alex", chat.session(), 3));
 * }
 * }</pre>
 */
public final class GatewayConnection implements ChatLink {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Codec<Delivery> DELIVERIES = Codec.json(Delivery.class);
    private static final Codec<ChatRequest> REQUESTS = Codec.json(ChatRequest.class);
    private static final Delivery WAKE = new Delivery(DeliveryType.NOTICE, null, null, null, null, null, null, null,
            null, null, null, null, "wake", null, null, null, null, null, null, null);

    private final String user;
    private final String session;
    private final BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private GatewayConnection(URI uri, String user, String session) {
        this.user = user;
        this.session = session;
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                .buildAsync(uri, new Listener()).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /**
     * Opens a link to the gateway at {@code url} ({@code ws://host:port/chat}; {@code http://host:port/}
     * works too) for {@code user}, under a new random session.
     *
     * @throws IllegalStateException when no gateway answers there
     */
    public static GatewayConnection open(String url, String user) {
        Objects.requireNonNull(url, "url can't be null");
        Objects.requireNonNull(user, "user can't be null");
        if (user.isBlank()) {
            throw new IllegalArgumentException("the user name is empty: pick a name such as --user alex");
        }
        String ws = url.replaceFirst("^http", "ws");
        if (!ws.endsWith("/chat")) {
            ws = ws.replaceAll("/+$", "") + "/chat";
        }
        try {
            return new GatewayConnection(URI.create(ws), user,
                    "s-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        } catch (RuntimeException e) {
            throw new IllegalStateException("no chat gateway answers at " + ws + " (" + e.getMessage() + "): start one"
                    + " (java -jar mephisto-chat.jar gateway) or pass --gateway ws://host:port/chat", e);
        }
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String session() {
        return session;
    }

    @Override
    public synchronized void send(ChatRequest request) {
        Objects.requireNonNull(request, "request can't be null");
        try {
            socket.sendText(REQUESTS.format(request), true).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + request.type(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + request.type() + " to the gateway: " + e, e);
        }
    }

    @Override
    public List<Delivery> poll(Duration timeout) {
        List<Delivery> out = new ArrayList<>();
        try {
            Delivery first = arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null) {
                return out;
            }
            out.add(first);
            arrived.drainTo(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.removeIf(d -> d == WAKE);
        return out;
    }

    @Override
    public void wakeup() {
        arrived.add(WAKE);
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        socket.abort();
    }

    private Delivery notice(String text) {
        return new Delivery(DeliveryType.NOTICE, user, session, null, null, null, null, null, null, null, null, null,
                "! " + text, null, null, null, null, null, null, null);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"type\":\"ERROR\"")) {
                    arrived.add(notice(frame.replaceAll(".*\"reason\":\"(.*)\"}$", "$1")));
                } else if (!frame.startsWith("{\"type\":\"CONNECTED\"")) {
                    Delivery d = DELIVERIES.parse(frame);
                    arrived.add(d.user() == null ? d.to(user, session) : d);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode != WebSocket.NORMAL_CLOSURE) {
                arrived.add(notice("the gateway closed the connection (" + statusCode + " " + reason + ")"));
            }
            return null;
        }
    }
}
