package io.sparksweep.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.io.Serializable;

/**
 * Statistics of one metric over the OK repeats of a configuration. Fields are null where they are
 * undefined: everything for n = 0; std and the interval for n = 1.
 *
 * @param std       sample standard deviation (n - 1 in the denominator)
 * @param ci95Low   lower end of the two-sided 95 % Student-t interval of the mean
 */
public record MetricSummary(
        int n, Double mean, Double std, Double min, Double max, Double median, Double ci95Low, Double ci95High)
        implements Serializable {

    public static MetricSummary of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MetricSummary(0, null, null, null, null, null, null, null);
        }
        DescriptiveStatistics d = new DescriptiveStatistics(values);
        double mean = d.getMean();
        double median = new Median().evaluate(values);
        if (n == 1) {
            return new MetricSummary(1, mean, null, d.getMin(), d.getMax(), median, null, null);
        }
        double std = d.getStandardDeviation();
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        double half = t * std / Math.sqrt(n);
        return new MetricSummary(n, mean, std, d.getMin(), d.getMax(), median, mean - half, mean + half);
    }
}
