package io.sparksweep.stats;

import java.io.Serializable;

/**
 * Where early stopping left a configuration: the last epoch its stopped repeats trained (the rung)
 * and the statistics of the ranking metric there, over those repeats.
 *
 * @param epoch the rung's epoch, from 1
 * @param value the ranking metric after that epoch, over the stopped repeats
 */
public record RungValue(int epoch, MetricSummary value) implements Serializable {}
