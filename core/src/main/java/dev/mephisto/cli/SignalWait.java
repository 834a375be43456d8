package dev.mephisto.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for Ctrl+C or SIGTERM without letting the JVM start its own shutdown, so the command can
 * close cleanly and exit 0.
 */
final class SignalWait {

    private final CountDownLatch signalled = new CountDownLatch(1);
    private volatile String signal;

    SignalWait() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), received -> {
                    signal = "SIG" + received.getName();
                    signalled.countDown();
                });
            } catch (IllegalArgumentException unsupported) {
                // this platform has no such signal; the other one still works
            }
        }
    }

    /** Blocks until a signal arrives or {@code stopped} is released, and returns the signal's name or null. */
    String await(CountDownLatch stopped) throws InterruptedException {
        Thread watcher = new Thread(() -> {
            try {
                stopped.await();
                signalled.countDown();
            } catch (InterruptedException ignored) {
                // the signal came first
            }
        }, "mephisto-stop-watch");
        watcher.setDaemon(true);
        watcher.start();
        signalled.await();
        watcher.interrupt();
        return signal;
    }
}
