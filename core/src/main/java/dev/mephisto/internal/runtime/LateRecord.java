package dev.mephisto.internal.runtime;

import java.time.Instant;

/**
 * A record that came past its window's grace: the dead-letter handler writes it as kind
 * {@code late}, with its event time, its window and the stream time it arrived at. Carries no
 * stack trace: a late record is bad timing, not a bug.
 */
public final class LateRecord extends RuntimeException {

    private final long eventTime;
    private final long windowStart;
    private final long windowEnd;
    private final long streamTime;

    public LateRecord(String where, long eventTime, long windowStart, long windowEnd, long streamTime, long graceMs) {
        super(where + ": record with event time " + Instant.ofEpochMilli(eventTime) + " arrived at stream time "
                + Instant.ofEpochMilli(streamTime) + ", after its window " + Instant.ofEpochMilli(windowStart) + "/"
                + Instant.ofEpochMilli(windowEnd) + " and the grace of " + graceMs + " ms had passed; raise the grace if"
                + " records this late are normal", null, false, false);
        this.eventTime = eventTime;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.streamTime = streamTime;
    }

    public long eventTime() {
        return eventTime;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public long streamTime() {
        return streamTime;
    }
}
