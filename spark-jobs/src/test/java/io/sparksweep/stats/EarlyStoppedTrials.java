package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Trial rows of an early-stopping sweep, for the tests of its summary, console table and report. */
public final class EarlyStoppedTrials {

    private EarlyStoppedTrials() {}

    /** A configuration with the defaults and a learning rate. */
    public static Config config(double learningRate) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        values.put(Hyperparameter.LEARNING_RATE, learningRate);
        return new Config(values);
    }

    /**
     * One trial whose ranking metric {@code metric} took the values {@code curve} per epoch (test
     * accuracy's own fields, or a curve of {@link Metrics#EXTRA}): OK with the last as its final value,
     * STOPPED with none, DIVERGED or FAILED with the curve as far as it went.
     */
    public static TrialResult trial(
            String configId, Config config, int repeat, TrialStatus status, String metric, double... curve) {
        List<Double> values = new ArrayList<>();
        for (double v : curve) {
            values.add(v);
        }
        boolean accuracy = Metrics.TEST_ACCURACY.equals(metric);
        boolean ok = status == TrialStatus.OK;
        Double last = ok && !values.isEmpty() ? values.get(values.size() - 1) : null;
        List<Double> loss = values.stream().map(v -> 1 - v).toList();
        TrialOutcome o = new TrialOutcome(
                status,
                ok || status == TrialStatus.STOPPED ? null : status.name().toLowerCase(),
                accuracy ? last : null,
                last == null ? null : 1 - last,
                accuracy ? values.stream().max(Double::compare).orElse(null) : null,
                loss,
                accuracy ? values : List.of(),
                accuracy ? values : List.of(),
                loss,
                Collections.nCopies(values.size(), 1.0),
                (double) values.size(),
                0.1,
                10L,
                "fast-dense",
                accuracy ? Map.of() : Map.of(metric, values));
        TrialSpec spec = new TrialSpec("es", configId + "-r" + repeat, configId, repeat, repeat, config, 1);
        return new TrialResult(spec, o, "h", "0", 0, 0L, 1L, new Provenance("v", "17", "3.5", "m2", "b", "x", "y"));
    }
}
