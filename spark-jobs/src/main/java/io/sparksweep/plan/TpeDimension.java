package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One searched hyperparameter as TPE sees it: fit l(x) to the good configurations' values and g(x)
 * to the bad ones', draw candidates from l and score each by log l(x) - log g(x).
 */
abstract class TpeDimension {

    /** A candidate value, typed as the hyperparameter takes it, and its score. */
    record Scored(Object value, double score) {}

    static TpeDimension of(ParamSpec spec) {
        if (spec instanceof ParamSpec.Values v) {
            return new Categorical(v.values());
        }
        return new Numeric((ParamSpec.Range) spec);
    }

    /** Distinct candidate values, best score first; {@code good} and {@code bad} hold raw observed values, oldest first. */
    final List<Scored> candidates(List<Object> good, List<Object> bad, int draws, SplittableRandom rng) {
        List<Scored> scored = draw(good, bad, draws, rng);
        Map<Object, Scored> best = new LinkedHashMap<>();
        scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .forEach(s -> best.putIfAbsent(s.value(), s));
        return new ArrayList<>(best.values());
    }

    abstract List<Scored> draw(List<Object> good, List<Object> bad, int draws, SplittableRandom rng);

    private static final class Categorical extends TpeDimension {
        private final List<Object> values;

        Categorical(List<Object> values) {
            this.values = values;
        }

        @Override
        List<Scored> draw(List<Object> good, List<Object> bad, int draws, SplittableRandom rng) {
            CategoricalEstimator l = CategoricalEstimator.fit(indices(good), values.size());
            CategoricalEstimator g = CategoricalEstimator.fit(indices(bad), values.size());
            List<Scored> out = new ArrayList<>();
            for (int i = 0; i < draws; i++) {
                int c = l.sample(rng);
                out.add(new Scored(values.get(c), l.logProbability(c) - g.logProbability(c)));
            }
            return out;
        }

        /** Observed values not in the list (another type, an edited file) are left out. */
        private int[] indices(List<Object> observed) {
            return observed.stream().mapToInt(this::indexOf).filter(i -> i >= 0).toArray();
        }

        private int indexOf(Object v) {
            int i = values.indexOf(v);
            if (i < 0 && v instanceof Number n) {
                for (int j = 0; j < values.size(); j++) {
                    if (values.get(j) instanceof Number m && m.doubleValue() == n.doubleValue()) {
                        return j;
                    }
                }
            }
            return i;
        }
    }

    /**
     * A range, fitted in log space for log_uniform. Integers are scored by the mass of their unit
     * bin [k - 0.5, k + 0.5], as Optuna's discrete estimator does.
     */
    private static final class Numeric extends TpeDimension {
        private final ParameterKey h;
        private final double min;
        private final double max;
        private final boolean log;
        private final boolean integer;
        private final double low;
        private final double high;

        Numeric(ParamSpec.Range r) {
            this.h = r.parameter();
            this.min = r.min();
            this.max = r.max();
            this.log = r.distribution() == ParamSpec.Distribution.LOG_UNIFORM;
            this.integer = h.kind() == Hyperparameter.Kind.INT;
            double pad = integer ? 0.5 : 0.0;
            // an integer log range starting at 1 still has a bin [0.5, 1.5] (min / 2 keeps it positive below that)
            this.low = to(log ? Math.max(min - pad, min / 2) : min - pad);
            this.high = to(max + pad);
        }

        private double to(double x) {
            return log ? Math.log(x) : x;
        }

        private double from(double t) {
            return log ? Math.exp(t) : t;
        }

        @Override
        List<Scored> draw(List<Object> good, List<Object> bad, int draws, SplittableRandom rng) {
            if (!(low < high)) { // min == max for a real range: nothing to choose
                return List.of(new Scored(UnitDraw.typed(h, min), 0.0));
            }
            ParzenEstimator l = ParzenEstimator.fit(internal(good), low, high);
            ParzenEstimator g = ParzenEstimator.fit(internal(bad), low, high);
            List<Scored> out = new ArrayList<>();
            for (int i = 0; i < draws; i++) {
                double t = l.sample(rng);
                if (integer) {
                    long k = Math.max((long) min, Math.min((long) max, Math.round(from(t))));
                    double a = Math.max(low, to(k - 0.5));
                    double b = Math.min(high, to(k + 0.5));
                    out.add(new Scored((int) k, l.logMass(a, b) - g.logMass(a, b)));
                } else {
                    double x = Math.max(min, Math.min(max, from(t)));
                    out.add(new Scored(x, l.logDensity(t) - g.logDensity(t)));
                }
            }
            return out;
        }

        /** Observed numbers in the fitting space, clipped to the range; anything else is left out. */
        private double[] internal(List<Object> observed) {
            return observed.stream()
                    .filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue())
                    .filter(x -> !Double.isNaN(x) && !(log && x <= 0))
                    .map(x -> Math.max(low, Math.min(high, to(x))))
                    .toArray();
        }
    }
}
