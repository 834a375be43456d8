package dev.mephisto.architecture.planted.leak;

import dev.mephisto.architecture.planted.leak.internal.Machinery;

/** Planted: a face type whose public signature leaks a machinery type, for ArchitectureRulesTest. */
public final class Face {

    public Machinery machinery() {
        return new Machinery();
    }

    Machinery hidden() {
        return new Machinery();
    }
}
