package io.sparksweep.plan;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;

import org.apache.commons.math3.distribution.UniformIntegerDistribution;

/**
 * Maps a draw u in [0, 1) to a value of one searched hyperparameter exactly as random search's
 * Arbiter spaces do (TrialPlannerTest pins the match), without Arbiter, so that TPE's startup phase
 * is random search.
 */
final class UnitDraw {

    private UnitDraw() {}

    static Object value(ParamSpec spec, double u) {
        ParameterKey h = spec.parameter();
        if (spec instanceof ParamSpec.Values v) {
            int n = v.values().size();
            return v.values().get(Math.min((int) (u / (1.0 / n)), n - 1));
        }
        ParamSpec.Range r = (ParamSpec.Range) spec;
        return switch (r.distribution()) {
            case UNIFORM -> typed(h, u * (r.max() - r.min()) + r.min());
            case LOG_UNIFORM -> typed(h, Math.exp(u * (Math.log(r.max()) - Math.log(r.min())) + Math.log(r.min())));
            // commons-math's inverse CDF, as Arbiter's IntegerParameterSpace calls it (no generator needed)
            case INT_UNIFORM ->
                new UniformIntegerDistribution(null, (int) r.min(), (int) r.max()).inverseCumulativeProbability(u);
        };
    }

    /** A real number as the hyperparameter takes it: integers rounded, as random search does. */
    static Object typed(ParameterKey h, double x) {
        return h.kind() == Hyperparameter.Kind.INT ? (Object) (int) Math.round(x) : (Object) x;
    }
}
