package io.sparksweep.train;

import io.sparksweep.plan.Seeds;
import io.sparksweep.space.Divergence;
import io.sparksweep.util.Shuffle;

import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The minibatches of the sweep's own training rows, epoch by epoch, fed to a step: one loop for a
 * built-in network ({@link TrialRunner}) and a user's network on the sweep's dataset
 * ({@link SweepDataEpochs}), so that both see the same batches in the same order under the same
 * divergence rule. Each epoch after the first reseeds ND4J (and the step's host-side noise) from the
 * trial seed; every epoch shuffles the rows with the trial's own generator. A resumed segment replays
 * the shuffles of the epochs before its checkpoint, so it sees the order an uninterrupted run does.
 * What ends an epoch (its evaluation, the network's epoch count) stays with the callers.
 */
final class RowEpochs {

    /**
     * One epoch's pass over the rows.
     *
     * @param started  System.nanoTime() at its first step
     * @param meanLoss the mean of its minibatch losses; NaN when it diverged
     * @param diverged why it diverged, naming the epoch and step; null when it did not
     */
    record Pass(long started, double meanLoss, String diverged) {}

    private final TrainingData data;
    private final Batches batches;
    private final TrainingStep step;
    private final Divergence divergence;
    private final long seed;
    private final int[] order;
    private final SplittableRandom rng;
    private double initialLoss;

    /**
     * @param epochsDone  the epochs trained before this segment (its checkpoint's)
     * @param initialLoss the untrained network's loss from the checkpoint; NaN at epoch 0, when the
     *                    first minibatch sets it
     */
    RowEpochs(
            TrainingData data,
            Batches batches,
            TrainingStep step,
            Divergence divergence,
            long seed,
            int epochsDone,
            double initialLoss) {
        this.data = data;
        this.batches = batches;
        this.step = step;
        this.divergence = divergence;
        this.seed = seed;
        this.initialLoss = initialLoss;
        order = data.train().rows().clone();
        rng = new SplittableRandom(seed);
        for (int epoch = 1; epoch <= epochsDone; epoch++) {
            Shuffle.ints(order, rng); // the order the epochs before the checkpoint left
        }
    }

    /** Trains epoch {@code epoch} (1-based), stopping at the first minibatch whose loss means divergence. */
    Pass train(int epoch) {
        if (epoch > 1) {
            Nd4j.getRandom().setSeed(Seeds.epochSeed(seed, epoch));
            step.reseed();
        }
        Shuffle.ints(order, rng);
        long started = System.nanoTime();
        int n = data.train().size();
        double lossSum = 0;
        int steps = 0;
        for (int start = 0; start < n; start += batches.size) {
            Batch b = batches.at(start);
            b.fill(data.train(), order, start, data.targetMean(), data.targetStd());
            double score = step.fit(b.features, b.labels);
            if (Double.isNaN(initialLoss)) {
                // a standardized regression target's untrained loss is about 1, but a small batch's may be far below it
                initialLoss = data.regression() ? Math.max(score, 1.0) : score;
            }
            String why = TrialRunner.whyDiverged(score, initialLoss, divergence);
            if (why != null) {
                return new Pass(started, Double.NaN, why + " in epoch " + epoch + ", step " + (steps + 1));
            }
            lossSum += score;
            steps++;
        }
        return new Pass(started, lossSum / steps, null);
    }

    /** The divergence rule's baseline: the first minibatch's loss (or the checkpoint's), NaN before it; checkpoints carry it. */
    double initialLoss() {
        return initialLoss;
    }
}
