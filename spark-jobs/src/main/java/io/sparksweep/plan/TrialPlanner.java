package io.sparksweep.plan;

import io.sparksweep.space.Applicability;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialSpec;

import org.apache.commons.math3.distribution.UniformIntegerDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Expands a sweep into trials on the driver. Pure: the same definition always gives the same plan.
 * <ul>
 *   <li>grid: the cartesian product of the value lists, first listed hyperparameter varying slowest;</li>
 *   <li>random: {@code samples} independent draws from one generator seeded by the sweep seed. Arbiter's
 *   parameter spaces map each draw from the unit cube to a value; we own the generator, so the plan does
 *   not depend on call order the way Arbiter's shared RNG would.</li>
 *   <li>tpe: only the random startup draws, {@code min(startup, samples)} of them, which do not depend on
 *   any result; the rest are proposed by {@link TpeSampler} as results arrive.</li>
 * </ul>
 * A value a configuration does not use ({@link Applicability}) is set to the sweep's value for it, so
 * points that differ only there are one configuration, the first one listed or drawn. The trials are
 * then ordered longest first ({@link CostModel}), then by trial id: the order they run in and the dry
 * run lists, not the order above.
 */
public final class TrialPlanner {

    /**
     * A network this large is a typo (width: 2000000000), not an experiment: refused when planning,
     * before the driver or an executor tries to allocate it. Training needs ~16 bytes per weight.
     */
    public static final long MAX_WEIGHTS = 500_000_000L;

    private TrialPlanner() {}

    public static Plan plan(SweepDefinition sweep) {
        List<Map<ParameterKey, Object>> points = switch (sweep.method()) {
            case GRID -> grid(sweep.search());
            case RANDOM -> random(sweep.search(), sweep.samples(), sweep.seed());
            case TPE -> tpeStartup(sweep);
        };

        // identical draws (possible when a random search only has value lists) are one configuration,
        // and so are points that differ only in values they do not use
        Map<String, Config> byId = new LinkedHashMap<>();
        Set<Map<ParameterKey, Object>> distinct = new HashSet<>();
        for (Map<ParameterKey, Object> point : points) {
            Map<ParameterKey, Object> values = sweep.baseValues();
            values.putAll(point);
            distinct.add(values);
            Config config = configOf(sweep, point);
            byId.putIfAbsent(Seeds.configId(config.canonical()), config);
        }

        List<TrialSpec> trials = new ArrayList<>();
        for (Map.Entry<String, Config> e : byId.entrySet()) {
            double cost = CostModel.expectedCost(e.getValue());
            for (int r = 0; r < sweep.repeats(); r++) {
                trials.add(new TrialSpec(
                        sweep.name(),
                        Seeds.trialId(e.getKey(), r),
                        e.getKey(),
                        r,
                        Seeds.trialSeed(sweep.seed(), paired(sweep), e.getKey(), r),
                        e.getValue(),
                        cost));
            }
        }
        // longest first, so the last wave of a sweep is short trials, not one long straggler
        trials.sort(
                Comparator.comparingDouble(TrialSpec::expectedCost).reversed().thenComparing(TrialSpec::trialId));

        List<ParameterKey> searched =
                sweep.search().stream().map(ParamSpec::parameter).toList();
        return new Plan(
                sweep,
                new ArrayList<>(byId.values()),
                trials,
                searched,
                points.size() - distinct.size(),
                distinct.size() - byId.size());
    }

    /** The configuration of a point: the sweep's values, the point's, and unused ones at the sweep's. */
    private static Config configOf(SweepDefinition sweep, Map<ParameterKey, Object> point) {
        Map<ParameterKey, Object> base = sweep.baseValues();
        Map<ParameterKey, Object> values = ParameterKey.copyOf(base);
        values.putAll(point);
        if (sweep.isUserModel()) {
            // a user's network has no conditional keys, and only building it tells its size
            return new Config(sweep.modelName(), values);
        }
        Config config = new Config(Applicability.normalise(values, base));
        requireTrainable(config, sweep.sourceFile());
        return config;
    }

    /** The configuration of a point the driver proposed (tpe) and its repeats' trials, repeat order. */
    public static List<TrialSpec> trialsOf(
            SweepDefinition sweep, Map<ParameterKey, Object> point, Integer proposalIndex, Integer proposalSeen) {
        Config config = configOf(sweep, point);
        String id = Seeds.configId(config.canonical());
        double cost = CostModel.expectedCost(config);
        List<TrialSpec> trials = new ArrayList<>();
        for (int r = 0; r < sweep.repeats(); r++) {
            trials.add(new TrialSpec(
                    sweep.name(),
                    Seeds.trialId(id, r),
                    id,
                    r,
                    Seeds.trialSeed(sweep.seed(), paired(sweep), id, r),
                    config,
                    cost,
                    proposalIndex,
                    proposalSeen));
        }
        return trials;
    }

    /** Whether trial seeds are shared by repeat index: a paired race (common random numbers). */
    private static boolean paired(SweepDefinition sweep) {
        return sweep.racing() != null && sweep.racing().paired();
    }

    private static void requireTrainable(Config config, String file) {
        long weights = CostModel.weights(config);
        if (weights > MAX_WEIGHTS) {
            List<Hyperparameter> shape = config.model() == ModelType.CNN
                    ? List.of(Hyperparameter.CONV_LAYERS, Hyperparameter.HIDDEN_LAYERS, Hyperparameter.WIDTH)
                    : List.of(Hyperparameter.HIDDEN_LAYERS, Hyperparameter.WIDTH);
            throw new SweepFileException(
                    file,
                    0,
                    null,
                    String.format(
                            Locale.ROOT,
                            "the network %s has %,d weights; more than %,d is refused (training needs ~16 bytes per weight)",
                            config.describe(shape),
                            weights,
                            MAX_WEIGHTS));
        }
    }

    static List<Map<ParameterKey, Object>> grid(List<ParamSpec> search) {
        List<Map<ParameterKey, Object>> points = new ArrayList<>();
        points.add(ParameterKey.newMap());
        for (ParamSpec spec : search) {
            ParamSpec.Values values = (ParamSpec.Values) spec; // the loader refuses ranges in a grid
            List<Map<ParameterKey, Object>> next = new ArrayList<>();
            for (Map<ParameterKey, Object> p : points) {
                for (Object v : values.values()) {
                    Map<ParameterKey, Object> q = ParameterKey.copyOf(p);
                    q.put(spec.parameter(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    /** The proposals TPE makes before any result counts: what the driver will propose first. */
    static List<Map<ParameterKey, Object>> tpeStartup(SweepDefinition sweep) {
        TpeSampler sampler = new TpeSampler(sweep.search(), sweep.tpe(), sweep.seed(), sweep.baseValues());
        List<Map<ParameterKey, Object>> points = new ArrayList<>();
        for (int i = 0; i < Math.min(sweep.tpe().startup(), sweep.samples()); i++) {
            points.add(sampler.propose(i, List.of(), List.of()));
        }
        return points;
    }

    static List<Map<ParameterKey, Object>> random(List<ParamSpec> search, int samples, long seed) {
        List<ParameterSpace<?>> spaces = new ArrayList<>();
        for (ParamSpec spec : search) {
            ParameterSpace<?> space = arbiterSpace(spec, seed);
            space.setIndices(spaces.size());
            spaces.add(space);
        }
        Well19937c rng = new Well19937c(seed);
        List<Map<ParameterKey, Object>> points = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            double[] unit = new double[spaces.size()];
            for (int d = 0; d < unit.length; d++) {
                unit[d] = rng.nextDouble();
            }
            Map<ParameterKey, Object> point = ParameterKey.newMap();
            for (int d = 0; d < unit.length; d++) {
                ParameterKey h = search.get(d).parameter();
                point.put(h, typed(h, spaces.get(d).getValue(unit)));
            }
            points.add(point);
        }
        return points;
    }

    private static ParameterSpace<?> arbiterSpace(ParamSpec spec, long seed) {
        if (spec instanceof ParamSpec.Values v) {
            return new DiscreteParameterSpace<>(v.values());
        }
        ParamSpec.Range r = (ParamSpec.Range) spec;
        return switch (r.distribution()) {
            case UNIFORM -> new ContinuousParameterSpace(r.min(), r.max());
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(r.min(), r.max()));
            case INT_UNIFORM ->
                new IntegerParameterSpace(
                        new UniformIntegerDistribution(new Well19937c(seed), (int) r.min(), (int) r.max()));
        };
    }

    /** Arbiter hands back doubles for continuous spaces; integer hyperparameters drawn log-uniformly are rounded. */
    private static Object typed(ParameterKey h, Object value) {
        if (h.kind() == Hyperparameter.Kind.INT && value instanceof Double d) {
            return (int) Math.round(d);
        }
        if (h.kind() == Hyperparameter.Kind.REAL && value instanceof Number n) {
            return n.doubleValue();
        }
        return value;
    }
}
