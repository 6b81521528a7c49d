package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a trial of a user's network ({@code model: {class: ...}}, or a model given to
 * {@code Sweeps.model}) on an executor: a fresh model per trial, given the trial's hyperparameters,
 * seed and data shape, trained through DL4J's {@code fit} by {@link UserModelTraining}. What travels
 * with the task is the source: a class name, or a model made in code as bytes.
 *
 * @param model where each trial's model comes from
 */
public record UserModelTrainer(ModelSource model) implements Trainer {

    @Override
    public TrialOutcome train(TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence) {
        SweepModel fresh;
        TrialContext trial;
        try {
            fresh = model.newInstance();
            trial = context(segment.spec(), fresh, data);
        } catch (ModelResolver.Refusal | IllegalArgumentException e) {
            return TrialOutcome.failed(e.getMessage());
        }
        return UserModelTraining.run(
                fresh,
                new UserSegment(trial, segment.fromEpoch(), segment.toEpoch(), segment.resumeFrom(), segment.saveTo()),
                data,
                divergence);
    }

    /** What the model's {@code build} (and {@code data}) see of a trial. */
    static TrialContext context(TrialSpec spec, SweepModel model, TrainingData data) {
        return context(spec.config(), spec.seed(), spec.trialId(), spec.repeat(), model, shapeOf(data));
    }

    /**
     * What the model's {@code build} (and {@code data}) see of a trial of this configuration: its
     * declared values, epochs and batch size, and the trial's seed, id and repeat.
     *
     * @param shape the sweep's data as the model sees it; null when the model brings its own
     */
    public static TrialContext context(
            Config config, long seed, String trialId, int repeat, SweepModel model, DataShape shape) {
        Map<String, Object> declared = new LinkedHashMap<>();
        config.values().forEach((key, value) -> {
            if (key instanceof DeclaredParameter) {
                declared.put(key.key(), value);
            }
        });
        return new TrialContext(
                new Hyperparameters(model.parameters(), declared),
                seed,
                trialId,
                repeat,
                config.integer(Hyperparameter.EPOCHS),
                config.integer(Hyperparameter.BATCH_SIZE),
                shape);
    }

    /** The sweep's data as the model sees it; null when the model brings its own. */
    public static DataShape shapeOf(TrainingData data) {
        return data == null
                ? null
                : new DataShape(data.features(), data.rows(), data.cols(), data.regression() ? 0 : data.numClasses());
    }
}
