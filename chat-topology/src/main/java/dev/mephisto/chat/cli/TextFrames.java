package dev.mephisto.chat.cli;

import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Hands each text frame a WebSocket receives to a consumer, on the thread that read it. Public only
 * because Jetty calls listener methods through public method handles; nothing outside this package
 * can make one.
 */
public final class TextFrames implements Session.Listener.AutoDemanding {

    private final Consumer<String> each;

    TextFrames(Consumer<String> each) {
        this.each = each;
    }

    @Override
    public void onWebSocketText(String frame) {
        each.accept(frame);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // the simulator drops its own connections (a simulated crash): nothing to report
    }
}
