package io.sparksweep.space;

/**
 * Grid = cartesian product of value lists; random = independent draws from one seeded generator;
 * tpe = a Tree-structured Parzen Estimator proposing each configuration from the results so far.
 */
public enum SearchMethod {
    GRID,
    RANDOM,
    TPE
}
