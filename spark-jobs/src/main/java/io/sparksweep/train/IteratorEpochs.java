package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.plan.Seeds;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.TrialOutcome;

import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The epoch loop of a user's network on its own iterators ({@link io.sparksweep.api.SuppliesData}),
 * DataSetIterators or MultiDataSetIterators alike ({@link OwnData}): each epoch resets the training
 * iterator and fits every minibatch it gives (DL4J's {@code fit(DataSet)}, or a graph's
 * {@code fit(MultiDataSet)}), under the sweep's
 * divergence rule (the baseline is the first minibatch's score); then the network's epoch count rises
 * and the test (and validation) iterators are measured ({@link IteratorMetrics}). No training accuracy
 * is measured.
 *
 * <p>A resumed segment resets the training iterator once per epoch already trained before its first:
 * exact for an iterator whose order depends only on its seed and the number of resets, as the
 * sweep's own shuffle is replayed from the trial seed.
 */
final class IteratorEpochs {

    private final UserSegment segment;
    private final OwnData data;
    private final Net net;
    private final Divergence divergence;
    private final List<Metric> metrics;

    /** @param metrics the model's declared metrics, measured after the trial's last epoch (empty before it) */
    IteratorEpochs(UserSegment segment, OwnData data, Net net, Divergence divergence, List<Metric> metrics) {
        this.segment = segment;
        this.data = data;
        this.net = net;
        this.divergence = divergence;
        this.metrics = metrics;
        requireReset(data.train(), "training");
        requireReset(data.test(), "test");
        if (data.validation() != null) {
            requireReset(data.validation(), "validation");
        }
    }

    /** Every epoch starts the iterators again, so one that cannot fails the trial before it trains. */
    private static void requireReset(OwnData.Part it, String part) {
        if (!it.resetSupported()) {
            throw new IllegalArgumentException("the " + part + " iterator (" + it.iteratorClass()
                    + ") does not support reset(); every epoch starts it again");
        }
    }

    /** Trains the segment's epochs, continuing from {@code resumed} (null at epoch 0). */
    TrialOutcome run(Checkpoint.Progress resumed) {
        long seed = segment.trial().seed();
        OwnData.Part train = data.train();
        TrialCurves curves = resumed == null ? new TrialCurves() : TrialCurves.of(resumed.soFar());
        double initialLoss = resumed == null ? Double.NaN : resumed.initialLoss();
        for (int epoch = 1; epoch <= segment.fromEpoch(); epoch++) {
            train.reset(); // the resets the epochs before the checkpoint made
        }
        for (int epoch = segment.fromEpoch() + 1; epoch <= segment.toEpoch(); epoch++) {
            if (epoch > 1) {
                Nd4j.getRandom().setSeed(Seeds.epochSeed(seed, epoch));
            }
            train.reset();
            long t0 = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            while (train.fitNext()) {
                double score = net.score();
                if (Double.isNaN(initialLoss)) {
                    initialLoss = score;
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
            if (steps == 0) {
                throw new IllegalStateException("the training iterator gave no minibatch in epoch " + epoch);
            }
            TrialOutcome nan = UserModelTraining.endEpoch(
                    curves, net, epoch, t0, lossSum / steps, () -> IteratorMetrics.add(curves, data));
            if (nan != null) {
                return nan;
            }
        }
        DeclaredMetrics.Parts parts = name -> {
            OwnData.Part part = data.part(name);
            return part == null ? null : part.gather();
        };
        return UserModelTraining.finishSegment(segment, net, curves, data.regression(), initialLoss, metrics, parts);
    }
}
