package io.sparksweep.space;

/** Grid = cartesian product of value lists; random = independent draws from one seeded generator. */
public enum SearchMethod {
    GRID, RANDOM
}
