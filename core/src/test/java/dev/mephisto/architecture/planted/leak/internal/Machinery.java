package dev.mephisto.architecture.planted.leak.internal;

/** Planted: a machinery type that a face method returns, for ArchitectureRulesTest. */
public final class Machinery {
}
