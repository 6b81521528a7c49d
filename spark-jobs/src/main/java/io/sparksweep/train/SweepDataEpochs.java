package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.data.Examples;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.TrialOutcome;

import java.util.List;

/**
 * The epoch loop of a user's network on the sweep's dataset, as {@link TrialRunner}'s for a built-in
 * one: the same minibatches through {@link RowEpochs} (flat rows, one-hot or standardized labels, the
 * per-epoch shuffle replayed on resume, the reseeding and divergence rule), the same evaluation. Two
 * differences: the step is always DL4J's {@code fit}, and the network's epoch count rises after each
 * epoch, so that DL4J's epoch schedules work and checkpoints carry it.
 */
final class SweepDataEpochs {

    private final UserSegment segment;
    private final TrainingData data;
    private final Net net;
    private final Divergence divergence;
    private final List<Metric> metrics;

    /** @param metrics the model's declared metrics, measured after the trial's last epoch (empty before it) */
    SweepDataEpochs(UserSegment segment, TrainingData data, Net net, Divergence divergence, List<Metric> metrics) {
        this.segment = segment;
        this.data = data;
        this.net = net;
        this.divergence = divergence;
        this.metrics = metrics;
    }

    /** Trains the segment's epochs, continuing from {@code resumed} (null at epoch 0). */
    TrialOutcome run(Checkpoint.Progress resumed) {
        try (Batches batches = new Batches(
                        data.train().size(), segment.trial().batchSize(), data.features(), data.outputs(), false);
                TrainingStep step = TrainingStep.fit(net)) {
            // every user network evaluates in the convolutional batch: its activations may be as large
            Evaluation eval = new Evaluation(step, data.features(), Evaluation.batchSize(true));
            TrialCurves curves = resumed == null ? new TrialCurves() : TrialCurves.of(resumed.soFar());
            RowEpochs rows = new RowEpochs(
                    data,
                    batches,
                    step,
                    divergence,
                    segment.trial().seed(),
                    segment.fromEpoch(),
                    resumed == null ? Double.NaN : resumed.initialLoss());
            for (int epoch = segment.fromEpoch() + 1; epoch <= segment.toEpoch(); epoch++) {
                RowEpochs.Pass pass = rows.train(epoch);
                if (pass.diverged() != null) {
                    curves.addEpochSeconds((System.nanoTime() - pass.started()) / 1e9);
                    return UserModelTraining.diverged(curves, pass.diverged(), net);
                }
                TrialOutcome nan = UserModelTraining.endEpoch(
                        curves, net, epoch, pass.started(), pass.meanLoss(), () -> curves.evaluate(eval, data, null));
                if (nan != null) {
                    return nan;
                }
            }
            DeclaredMetrics.Parts parts = part -> {
                Examples e = part.equals("test") ? data.test() : data.validation();
                return e == null
                        ? null
                        : DeclaredMetrics.of(
                                eval, e, data.outputs(), data.regression(), data.targetMean(), data.targetStd());
            };
            return UserModelTraining.finishSegment(
                    segment, net, curves, data.regression(), rows.initialLoss(), metrics, parts);
        }
    }
}
