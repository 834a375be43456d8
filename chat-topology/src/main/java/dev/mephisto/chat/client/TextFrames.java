package dev.mephisto.chat.client;

import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A listener for Jetty's WebSocket client that hands each text frame to a consumer, on the thread
 * that read it; errors of a connection the caller drops itself are not reported. What the chat's
 * simulator and benchmarks connect with ({@code client.connect(new TextFrames(frame -> ...), uri)}).
 */
public final class TextFrames implements Session.Listener.AutoDemanding {

    private final Consumer<String> each;

    /** Frames to {@code each}. */
    public TextFrames(Consumer<String> each) {
        this.each = each;
    }

    @Override
    public void onWebSocketText(String frame) {
        each.accept(frame);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // a connection dropped on purpose (a simulated crash) ends in an error: nothing to report
    }
}
