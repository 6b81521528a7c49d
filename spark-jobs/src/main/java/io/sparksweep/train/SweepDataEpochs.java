package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.data.Examples;
import io.sparksweep.plan.Seeds;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.TrialOutcome;

import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The epoch loop of a user's network on the sweep's dataset, as {@link TrialRunner}'s for a built-in
 * one: the same batches (flat rows, one-hot or standardized labels), the same per-epoch shuffle
 * replayed on resume, the same reseeding, divergence rule and evaluation. Two differences: the step is
 * always DL4J's {@code fit}, and the network's epoch count rises after each epoch, so that DL4J's
 * epoch schedules work and checkpoints carry it.
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
        long seed = segment.trial().seed();
        int n = data.train().size();
        try (Batches batches = new Batches(n, segment.trial().batchSize(), data.features(), data.outputs(), false);
                TrainingStep step = TrainingStep.fit(net)) {
            // every user network evaluates in the convolutional batch: its activations may be as large
            Evaluation eval = new Evaluation(step, data.features(), Evaluation.batchSize(true));
            int[] order = data.train().rows().clone();
            SplittableRandom rng = new SplittableRandom(seed);
            TrialCurves curves = resumed == null ? new TrialCurves() : TrialCurves.of(resumed.soFar());
            double initialLoss = resumed == null ? Double.NaN : resumed.initialLoss();
            for (int epoch = 1; epoch <= segment.fromEpoch(); epoch++) {
                TrialRunner.shuffle(order, rng); // the order the epochs before the checkpoint left
            }
            for (int epoch = segment.fromEpoch() + 1; epoch <= segment.toEpoch(); epoch++) {
                if (epoch > 1) {
                    Nd4j.getRandom().setSeed(Seeds.epochSeed(seed, epoch));
                }
                TrialRunner.shuffle(order, rng);
                long t0 = System.nanoTime();
                double lossSum = 0;
                int steps = 0;
                for (int start = 0; start < n; start += batches.size) {
                    Batch b = batches.at(start);
                    b.fill(data.train(), order, start, data.targetMean(), data.targetStd());
                    double score = step.fit(b.features, b.labels);
                    if (Double.isNaN(initialLoss)) {
                        // a standardized target's untrained loss is about 1, but a small batch's may be far below it
                        initialLoss = data.regression() ? Math.max(score, 1.0) : score;
                    }
                    String why = TrialRunner.whyDiverged(score, initialLoss, divergence);
                    if (why != null) {
                        curves.addEpochSeconds((System.nanoTime() - t0) / 1e9);
                        return UserModelTraining.diverged(
                                curves, why + " in epoch " + epoch + ", step " + (steps + 1), net);
                    }
                    lossSum += score;
                    steps++;
                }
                TrialOutcome nan = UserModelTraining.endEpoch(
                        curves, net, epoch, t0, lossSum / steps, () -> curves.evaluate(eval, data, null));
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
                    segment, net, curves, data.regression(), initialLoss, metrics, parts);
        }
    }
}
