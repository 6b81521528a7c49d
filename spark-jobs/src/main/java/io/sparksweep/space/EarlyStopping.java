package io.sparksweep.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code early_stopping:} block of a sweep file. Configurations are judged at rungs, the epochs
 * {@code minEpochs·η^k} below {@code epochs}, on the mean of the metric over their OK repeats.
 *
 * @param metric "auto" (validation accuracy with a validation part, else test accuracy; RMSE for
 *               regression) or a metric name ({@code test_accuracy}, {@code validation_accuracy}, ...)
 */
public record EarlyStopping(Rule rule, int reductionFactor, int minEpochs, String metric) implements Serializable {

    public enum Rule {
        /** Asynchronous successive halving: promote a configuration in the top 1/η of its rung. */
        ASHA,
        /** Stop a configuration whose mean at a rung is below the median of the others' means there. */
        MEDIAN
    }

    public static final String AUTO = "auto";

    /** The epochs at which configurations are judged, ascending, all below {@code epochs}. */
    public List<Integer> rungs(int epochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long e = minEpochs; e < epochs; e *= reductionFactor) {
            rungs.add((int) e);
        }
        return rungs;
    }

    /** For the sweep's canonical form. */
    Map<String, Object> canonical() {
        Map<String, Object> m = new TreeMap<>();
        m.put("rule", rule.name());
        m.put("reduction_factor", reductionFactor);
        m.put("min_epochs", minEpochs);
        m.put("metric", metric);
        return m;
    }
}
