package io.sparksweep.plan;

import io.sparksweep.space.Applicability;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.trial.Config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configurations at the edges of a sweep's space: every listed value of each searched
 * hyperparameter combined with the two ends of each range, for checking, before anything runs, that
 * every network a random or TPE search can draw can be built (a grid's configurations are its plan).
 * Capped at {@link #MAX} combinations; past it, numeric value lists contribute only their ends. Values
 * a corner does not use are at the sweep's ({@link Applicability}), as in the plan.
 */
public final class Corners {

    /** The most configurations checked. */
    static final int MAX = 256;

    private Corners() {}

    /** The sweep's planned configurations, then its corners not among them. */
    public static List<Config> withPlanned(Plan plan) {
        Set<Config> all = new LinkedHashSet<>(plan.configs());
        all.addAll(of(plan.sweep()));
        return List.copyOf(all);
    }

    /** The corner configurations of the sweep's space (the fixed values and defaults elsewhere). */
    public static List<Config> of(SweepDefinition sweep) {
        List<ParameterKey> keys = new ArrayList<>();
        List<List<Object>> axes = new ArrayList<>();
        for (ParamSpec s : sweep.search()) {
            keys.add(s.parameter());
            axes.add(axis(s, false));
        }
        if (combinations(axes) > MAX) {
            axes.clear();
            for (ParamSpec s : sweep.search()) {
                axes.add(axis(s, true));
            }
        }
        List<Map<ParameterKey, Object>> points = new ArrayList<>();
        points.add(ParameterKey.copyOf(sweep.baseValues()));
        for (int d = 0; d < keys.size(); d++) {
            List<Map<ParameterKey, Object>> next = new ArrayList<>();
            for (Map<ParameterKey, Object> p : points) {
                for (Object v : axes.get(d)) {
                    if (next.size() >= MAX) {
                        break;
                    }
                    Map<ParameterKey, Object> q = ParameterKey.copyOf(p);
                    q.put(keys.get(d), v);
                    next.add(q);
                }
            }
            points = next;
        }
        Map<ParameterKey, Object> base = sweep.baseValues();
        return points.stream()
                .map(p -> sweep.isUserModel()
                        ? new Config(sweep.modelName(), p)
                        : new Config(Applicability.normalise(p, base)))
                .distinct()
                .toList();
    }

    private static List<Object> axis(ParamSpec s, boolean endsOnly) {
        ParameterKey h = s.parameter();
        if (s instanceof ParamSpec.Range r) {
            return List.of(typed(h, r.min()), typed(h, r.max()));
        }
        List<Object> values = ((ParamSpec.Values) s).values();
        if (endsOnly && values.size() > 2 && values.stream().allMatch(v -> v instanceof Number)) {
            double lo = values.stream()
                    .mapToDouble(v -> ((Number) v).doubleValue())
                    .min()
                    .orElseThrow();
            double hi = values.stream()
                    .mapToDouble(v -> ((Number) v).doubleValue())
                    .max()
                    .orElseThrow();
            return List.of(typed(h, lo), typed(h, hi));
        }
        return values;
    }

    private static long combinations(List<List<Object>> axes) {
        long n = 1;
        for (List<Object> a : axes) {
            n = Math.min(Long.MAX_VALUE / 1024, n * a.size());
        }
        return n;
    }

    private static Object typed(ParameterKey h, double v) {
        return h.kind() == Hyperparameter.Kind.INT ? (Object) (int) Math.round(v) : (Object) v;
    }
}
