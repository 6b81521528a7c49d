package io.sparksweep.plan;

import io.sparksweep.space.Applicability;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.TpeSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Proposes configurations with a Tree-structured Parzen Estimator (Bergstra et al. 2011), as
 * Optuna's univariate TPESampler does: the first {@code startup} proposals are random search draws;
 * after that the finished configurations are split into the best γ(n) = min(⌈n/10⌉, 25) and the
 * rest, each searched hyperparameter gets a density l(x) of the good values and g(x) of the bad
 * ones, and the proposal takes, per hyperparameter, the one of {@code candidates} draws from l with
 * the highest l(x)/g(x). Hyperparameters are independent, so that is also the candidate combination
 * with the highest sum of log ratios.
 *
 * <p>Conditional hyperparameters ({@link Applicability}): a value a configuration does not use is
 * left out of that hyperparameter's densities, and a proposal has it at the sweep's value, so two
 * proposals never differ only in unused values (until the space has nothing new left).
 *
 * <p>Stateless: proposal i is a function of the sweep seed, i, the finished observations in the
 * given order and the running points only, so a restarted driver rebuilds the same proposals.
 */
public final class TpeSampler {

    /** A finished configuration (its searched values) and its objective; higher is better. */
    public record Observation(Map<ParameterKey, Object> point, double objective) {
        public Observation {
            point = Map.copyOf(point);
        }
    }

    /** The least costly single changes paired up when none alone gives a new point. */
    private static final int MAX_PAIRED = 200;

    private final List<ParamSpec> search;
    private final List<TpeDimension> dimensions;
    private final TpeSettings settings;
    private final long sweepSeed;
    private final Map<ParameterKey, Object> base;

    /** A sampler for a sweep without fixed values: every hyperparameter not searched is at its default. */
    public TpeSampler(List<ParamSpec> search, TpeSettings settings, long sweepSeed) {
        this(search, settings, sweepSeed, Map.of());
    }

    /** @param base the sweep's value of every hyperparameter it does not search (missing: the default) */
    public TpeSampler(List<ParamSpec> search, TpeSettings settings, long sweepSeed, Map<ParameterKey, Object> base) {
        this.search = List.copyOf(search);
        this.dimensions = this.search.stream().map(TpeDimension::of).toList();
        this.settings = settings;
        this.sweepSeed = sweepSeed;
        this.base = ParameterKey.copyOf(base);
        if (Applicability.isBuiltIn(base)) {
            for (Hyperparameter h : Hyperparameter.values()) {
                this.base.putIfAbsent(h, h.defaultValue());
            }
        }
    }

    /**
     * The configuration to run as proposal {@code proposalIndex} (0, 1, ...), its searched values
     * typed as the hyperparameters take them. {@code finished} in the order results arrived;
     * {@code running}: proposed configurations without a result yet.
     */
    public Map<ParameterKey, Object> propose(
            int proposalIndex, List<Observation> finished, List<Map<ParameterKey, Object>> running) {
        if (proposalIndex < 0) {
            throw new IllegalArgumentException("proposal index must be >= 0 (got " + proposalIndex + ")");
        }
        SplittableRandom rng = generator(sweepSeed, proposalIndex);
        Map<ParameterKey, Object> point = ParameterKey.newMap();
        if (finished.size() < settings.startup()) {
            for (ParamSpec spec : search) {
                point.put(spec.parameter(), UnitDraw.value(spec, rng.nextDouble()));
            }
            return normalised(point);
        }
        List<Observation> observations = withLies(finished, running);
        boolean[] good = goodOnes(observations);
        List<List<Hyperparameter>> unused = observations.stream()
                .map(o -> Applicability.notApplying(withBase(o.point())))
                .toList();
        List<List<TpeDimension.Scored>> candidates = new ArrayList<>();
        for (int d = 0; d < search.size(); d++) {
            ParameterKey h = search.get(d).parameter();
            List<Object> l = new ArrayList<>();
            List<Object> g = new ArrayList<>();
            for (int i = 0; i < observations.size(); i++) {
                Object v = observations.get(i).point().get(h);
                if (v != null && !unused.get(i).contains(h)) {
                    (good[i] ? l : g).add(v);
                }
            }
            candidates.add(dimensions.get(d).candidates(l, g, settings.candidates(), rng));
        }
        return unseen(candidates, seen(finished, running));
    }

    /** A fresh generator per proposal, so no proposal depends on which ones were made before. */
    static SplittableRandom generator(long sweepSeed, int proposalIndex) {
        return new SplittableRandom(mix(mix(sweepSeed ^ 0x7470655f73656564L) + proposalIndex));
    }

    private static long mix(long z) { // SplitMix64's finaliser
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Constant liar: running points count as the worst result so far, so parallel proposals avoid them. */
    private List<Observation> withLies(List<Observation> finished, List<Map<ParameterKey, Object>> running) {
        List<Observation> all = new ArrayList<>(finished);
        if (settings.constantLiar()) {
            double worst =
                    finished.stream().mapToDouble(o -> objective(o)).min().orElse(Double.NEGATIVE_INFINITY);
            running.forEach(p -> all.add(new Observation(p, worst)));
        }
        return all;
    }

    /** Marks the best γ(n) observations; ties keep the earlier one (a finished one before a lie). */
    private static boolean[] goodOnes(List<Observation> observations) {
        int n = observations.size();
        int gamma = Math.min((int) Math.ceil(0.1 * n), 25);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> objective(observations.get(i)))
                .reversed());
        boolean[] good = new boolean[n];
        for (int r = 0; r < gamma; r++) {
            good[order.get(r)] = true;
        }
        return good;
    }

    /** A NaN objective (no result) ranks as the worst possible. */
    private static double objective(Observation o) {
        return Double.isNaN(o.objective()) ? Double.NEGATIVE_INFINITY : o.objective();
    }

    private Set<Map<ParameterKey, Object>> seen(List<Observation> finished, List<Map<ParameterKey, Object>> running) {
        Set<Map<ParameterKey, Object>> seen = new HashSet<>();
        finished.forEach(o -> seen.add(normalised(o.point())));
        running.forEach(p -> seen.add(normalised(p)));
        return seen;
    }

    private Map<ParameterKey, Object> searched(Map<ParameterKey, Object> point) {
        Map<ParameterKey, Object> p = ParameterKey.newMap();
        for (ParamSpec spec : search) {
            p.put(spec.parameter(), point.get(spec.parameter()));
        }
        return p;
    }

    private Map<ParameterKey, Object> withBase(Map<ParameterKey, Object> point) {
        Map<ParameterKey, Object> all = ParameterKey.copyOf(base);
        all.putAll(point);
        return all;
    }

    /** The searched values, each one the configuration does not use at the sweep's value for it. */
    private Map<ParameterKey, Object> normalised(Map<ParameterKey, Object> point) {
        return searched(Applicability.normalise(withBase(point), base));
    }

    /**
     * The best candidate of every hyperparameter; if that point was already run or is running (small
     * discrete spaces), the best single-hyperparameter change that gives a new one, least score lost
     * first (with a searched conditional hyperparameter, then the best two changes). A space with
     * nothing new left gets the best point again.
     */
    private Map<ParameterKey, Object> unseen(
            List<List<TpeDimension.Scored>> candidates, Set<Map<ParameterKey, Object>> seen) {
        Map<ParameterKey, Object> raw = ParameterKey.newMap();
        for (int d = 0; d < search.size(); d++) {
            raw.put(search.get(d).parameter(), candidates.get(d).get(0).value());
        }
        Map<ParameterKey, Object> best = normalised(raw);
        if (!seen.contains(best)) {
            return best;
        }
        record Change(int dimension, TpeDimension.Scored to, double loss) {}
        List<Change> changes = new ArrayList<>();
        for (int d = 0; d < search.size(); d++) {
            List<TpeDimension.Scored> c = candidates.get(d);
            for (int k = 1; k < c.size(); k++) {
                changes.add(new Change(d, c.get(k), c.get(0).score() - c.get(k).score()));
            }
        }
        changes.sort(Comparator.comparingDouble(Change::loss));
        for (Change c : changes) {
            Map<ParameterKey, Object> p = changed(raw, List.of(c.dimension()), List.of(c.to()));
            if (!seen.contains(p)) {
                return p;
            }
        }
        if (search.stream().anyMatch(s -> Applicability.CONDITIONAL.contains(s.parameter()))) {
            // an unused value hides a change (adam -> sgd lands on a known momentum): two changes at once
            record Pair(Change a, Change b) {}
            List<Pair> pairs = new ArrayList<>();
            List<Change> few = changes.subList(0, Math.min(changes.size(), MAX_PAIRED));
            for (int i = 0; i < few.size(); i++) {
                for (int j = i + 1; j < few.size(); j++) {
                    if (few.get(i).dimension() != few.get(j).dimension()) {
                        pairs.add(new Pair(few.get(i), few.get(j)));
                    }
                }
            }
            pairs.sort(Comparator.comparingDouble(q -> q.a().loss() + q.b().loss()));
            for (Pair q : pairs) {
                Map<ParameterKey, Object> p =
                        changed(raw, List.of(q.a().dimension(), q.b().dimension()), List.of(q.a().to(), q.b().to()));
                if (!seen.contains(p)) {
                    return p;
                }
            }
        }
        return best;
    }

    private Map<ParameterKey, Object> changed(
            Map<ParameterKey, Object> raw, List<Integer> dimensions, List<TpeDimension.Scored> to) {
        Map<ParameterKey, Object> p = ParameterKey.copyOf(raw);
        for (int i = 0; i < dimensions.size(); i++) {
            p.put(search.get(dimensions.get(i)).parameter(), to.get(i).value());
        }
        return normalised(p);
    }
}
