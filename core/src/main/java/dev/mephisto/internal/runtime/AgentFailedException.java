package dev.mephisto.internal.runtime;

/** A checked exception thrown by an agent's code, carried out of the stream thread with the agent's name. */
public final class AgentFailedException extends RuntimeException {

    private final String agent;

    public AgentFailedException(String agent, Exception cause) {
        super("agent '" + agent + "' failed: " + cause, cause);
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }
}
