package io.sparksweep.api;

import java.io.Serializable;

/**
 * What the sweep's dataset gives a network, so that {@link SweepModel#build} can size its first and
 * last layers.
 *
 * @param features values per example (784 for 28x28 images; a table's encoded columns)
 * @param rows     image height (1 for a table)
 * @param cols     image width (the features for a table)
 * @param classes  classes of a classification; 0 for a regression (one output)
 */
public record DataShape(int features, int rows, int cols, int classes) implements Serializable {}
