package dev.mephisto.internal.runtime;

/** An agent's deliberate refusal of a record: carries the reason, no stack trace. */
public final class Rejection extends RuntimeException {

    public Rejection(String agent, String reason) {
        super(reason, null, false, false);
        this.agent = agent;
    }

    private final String agent;

    public String agent() {
        return agent;
    }
}
