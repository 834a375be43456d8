package dev.mephisto.internal.model;

import dev.mephisto.Join;
import dev.mephisto.JoinFunction;
import dev.mephisto.JoinWindow;
import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.UnmatchedFunction;
import java.util.List;
import java.util.Objects;

/**
 * A join as declared: its two sources, window and functions. It is wired like an agent (the
 * {@link AgentSpec} it owns carries its sources, sinks and tables), and compiled to a join processor.
 */
public final class JoinSpec<K, L, R> implements Join<K, L, R> {

    private final AgentSpec agent;
    private final Source<K, L> left;
    private final Source<K, R> right;
    private final JoinWindow window;
    private final JoinFunction<K, L, R> onMatch;
    private UnmatchedFunction<K, L> onUnmatchedLeft;
    private UnmatchedFunction<K, R> onUnmatchedRight;
    private boolean oneToOne;

    public JoinSpec(java.util.function.Consumer<String> requireOpen, String name, Source<K, L> left,
            Source<K, R> right, JoinWindow window, JoinFunction<K, L, R> onMatch) {
        this.agent = new AgentSpec(requireOpen, name, List.of(left, right), (key, value, ctx) -> { });
        this.agent.joins(this);
        this.left = left;
        this.right = right;
        this.window = window;
        this.onMatch = onMatch;
    }

    /** The agent this join is wired as. */
    public AgentSpec agent() {
        return agent;
    }

    @Override
    public String name() {
        return agent.name();
    }

    public Source<K, L> left() {
        return left;
    }

    public Source<K, R> right() {
        return right;
    }

    public JoinWindow window() {
        return window;
    }

    public JoinFunction<K, L, R> onMatch() {
        return onMatch;
    }

    /** The left function, or {@code null}: unmatched left records are then forgotten. */
    public UnmatchedFunction<K, L> unmatchedLeft() {
        return onUnmatchedLeft;
    }

    /** The right function, or {@code null}. */
    public UnmatchedFunction<K, R> unmatchedRight() {
        return onUnmatchedRight;
    }

    @Override
    public Join<K, L, R> onUnmatchedLeft(UnmatchedFunction<K, L> function) {
        agent.requireOpen("change join '" + name() + "'");
        this.onUnmatchedLeft = Objects.requireNonNull(function, "function can't be null (join '" + name() + "')");
        return this;
    }

    @Override
    public Join<K, L, R> onUnmatchedRight(UnmatchedFunction<K, R> function) {
        agent.requireOpen("change join '" + name() + "'");
        this.onUnmatchedRight = Objects.requireNonNull(function, "function can't be null (join '" + name() + "')");
        return this;
    }

    /** Whether each record pairs with at most one of the other side, the pair then leaving the stores. */
    public boolean isOneToOne() {
        return oneToOne;
    }

    @Override
    public Join<K, L, R> oneToOne() {
        agent.requireOpen("change join '" + name() + "'");
        this.oneToOne = true;
        return this;
    }

    @Override
    public Join<K, L, R> sendsTo(Topic<?, ?>... topics) {
        agent.sendsTo(topics);
        return this;
    }

    @Override
    public Join<K, L, R> uses(Table<?, ?, ?>... tables) {
        agent.uses(tables);
        return this;
    }

    @Override
    public String toString() {
        return "Join(" + name() + ", " + left.name() + " with " + right.name() + " " + window
                + (oneToOne ? ", one to one" : "") + ")";
    }
}
