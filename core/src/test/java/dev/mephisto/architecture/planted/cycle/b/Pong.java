package dev.mephisto.architecture.planted.cycle.b;

import dev.mephisto.architecture.planted.cycle.a.Ping;

/** Planted: the other half of a package and file circle, for ArchitectureRulesTest. */
public final class Pong {

    public Ping serve() {
        return new Ping();
    }
}
