package dev.mephisto.architecture.planted.cycle.a;

import dev.mephisto.architecture.planted.cycle.b.Pong;

/** Planted: one half of a package and file circle, for ArchitectureRulesTest. */
public final class Ping {

    public Pong answer() {
        return new Pong();
    }
}
