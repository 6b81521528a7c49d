package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.space.Divergence;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialStatus;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a segment of one trial of a user's {@link SweepModel} through DL4J's {@code fit}, on the
 * sweep's dataset ({@link SweepDataEpochs}) or on the model's own DataSetIterators or
 * MultiDataSetIterators ({@link IteratorEpochs}),
 * and returns the same {@link TrialOutcome} a built-in trial does (trainer "dl4j-fit" or
 * "dl4j-fit+onednn"). The network is built afresh for every segment, with ND4J seeded by the trial's
 * seed, and a segment after epoch 0 continues from its checkpoint.
 */
public final class UserModelTraining {

    private UserModelTraining() {}

    /**
     * Trains epochs {@code fromEpoch+1 .. toEpoch} of a user model's trial. Anything the model's code
     * or training throws (an OutOfMemoryError excepted, as in {@link TrialRunner}) is a FAILED outcome
     * with the first line of its message.
     *
     * @param model      a fresh instance of the user's class
     * @param data       the sweep's dataset; null when the model implements {@link SuppliesData}
     * @param divergence the sweep's divergence setting
     */
    public static TrialOutcome run(SweepModel model, UserSegment segment, TrainingData data, Divergence divergence) {
        try {
            return train(model, segment, data, divergence);
        } catch (Exception | StackOverflowError e) {
            // Exception, not only RuntimeException: a user's code may throw a checked one undeclared
            // (Lombok's @SneakyThrows, Kotlin), and it must not fail the Spark task
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return TrialOutcome.failed(msg.lines().findFirst().orElse(msg));
        }
    }

    private static TrialOutcome train(SweepModel model, UserSegment segment, TrainingData data, Divergence divergence) {
        if (data == null && !(model instanceof SuppliesData)) {
            throw new IllegalArgumentException(
                    model.getClass().getName() + " supplies no data (SuppliesData) and the sweep has no dataset");
        }
        TrialContext trial = segment.trial();
        // read before training, so that a model whose metrics() throws fails at once
        List<Metric> metrics = segment.isLast() ? model.metrics() : List.of();
        if (metrics == null) {
            throw new IllegalStateException(model.getClass().getName() + ".metrics() returned null");
        }
        Net net = build(model, trial, data);
        try {
            Checkpoint.Progress resumed = resumed(segment, net);
            return data != null
                    ? new SweepDataEpochs(segment, data, net, divergence, metrics).run(resumed)
                    : new IteratorEpochs(
                                    segment,
                                    OwnData.of(((SuppliesData) model).data(trial), net),
                                    net,
                                    divergence,
                                    metrics)
                            .run(resumed);
        } finally {
            net.release();
        }
    }

    /**
     * The trial's network, built and initialized as every segment of the trial builds it: ND4J in
     * float32 and seeded with the trial's seed while the model's {@code build} runs, the trial's seed
     * given to a configuration without one of its own ({@link #seedUnlessSet}), and its output checked
     * against the sweep's labels. The caller releases it.
     *
     * @param data the sweep's dataset; null when the model brings its own (a graph may then have any
     *             number of inputs and outputs: {@link OwnData} checks them against the data's kind)
     * @throws IllegalArgumentException not a network of DL4J's two kinds, or not of the data's shape
     */
    public static Net build(SweepModel model, TrialContext trial, TrainingData data) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // anything build draws from ND4J's generator is the trial's
        Nd4j.getRandom().setSeed(trial.seed());
        long before = System.currentTimeMillis();
        Net net = data == null ? Net.anyShape(model.build(trial)) : Net.of(model.build(trial));
        long after = System.currentTimeMillis();
        try {
            seedUnlessSet(net, before, after, trial.seed());
            net.init(); // a user may have called it: DL4J's init then does nothing
            if (data != null) {
                requireOutputs(net, data);
            }
            return net;
        } catch (RuntimeException e) {
            net.release();
            throw e;
        }
    }

    /**
     * Gives a network whose configuration has no seed of its own the trial's, so that its weights are
     * the same in every run of the trial. DL4J's init reseeds ND4J's generator with the configuration's
     * seed, and a builder without {@code .seed(..)} takes {@code System.currentTimeMillis()} when it is
     * created: a seed inside the build call's own time span is that default (or a user's clock reading,
     * as unrepeatable). Too late once the user's code initialized the network itself.
     */
    static void seedUnlessSet(Net net, long buildStart, long buildEnd, long trialSeed) {
        long seed = net.configuredSeed();
        if (seed >= buildStart && seed <= buildEnd) {
            net.configureSeed(trialSeed);
        }
    }

    /** The checkpoint's progress, its parameters, updater state and counts put into {@code net}; null at epoch 0. */
    private static Checkpoint.Progress resumed(UserSegment segment, Net net) {
        if (segment.resumeFrom() == null) {
            return null;
        }
        Checkpoint.Progress p = Checkpoint.load(segment.resumeFrom(), net);
        if (p.epochsDone() != segment.fromEpoch()) {
            throw new IllegalStateException("checkpoint " + segment.resumeFrom() + " is after epoch " + p.epochsDone()
                    + ", not " + segment.fromEpoch());
        }
        return p;
    }

    /**
     * Refuses a network whose output is not as wide as the sweep's labels, before it trains: DL4J's own
     * message about mismatched shapes does not say which layer to change.
     */
    static void requireOutputs(Net net, TrainingData data) {
        requireOutputs(net, data.features(), data.regression() ? 0 : data.numClasses());
    }

    /** As above, for a dataset's shape: {@code classes} 0 for a regression. */
    static void requireOutputs(Net net, int features, int classes) {
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 1, features);
        INDArray out = net.output(zeros);
        try {
            long width = out.rank() == 2 ? out.size(1) : -1;
            if (width != (classes == 0 ? 1 : classes)) {
                throw new IllegalArgumentException("the network's output is "
                        + (width < 0 ? "of shape " + java.util.Arrays.toString(out.shape()) : width + " wide")
                        + "; the dataset needs "
                        + (classes == 0 ? "1 (one regression target)" : classes + " (a softmax over its classes)"));
            }
        } finally {
            out.close();
            zeros.close();
        }
    }

    /**
     * Closes an epoch of either loop: its time and mean loss, the network's epoch count (DL4J's epoch
     * schedules read it), then the evaluation; the DIVERGED outcome when that gave a NaN test loss,
     * else null.
     *
     * @param started  System.nanoTime() at the epoch's first step
     * @param evaluate adds the epoch's metrics to {@code curves}; false when the test loss is not finite
     */
    static TrialOutcome endEpoch(
            TrialCurves curves, Net net, int epoch, long started, double meanLoss, BooleanSupplier evaluate) {
        curves.addEpochSeconds((System.nanoTime() - started) / 1e9);
        curves.trainLoss.add(meanLoss);
        net.incrementEpochCount();
        long e0 = System.nanoTime();
        boolean finite = evaluate.getAsBoolean();
        curves.evalSeconds += (System.nanoTime() - e0) / 1e9;
        return finite ? null : diverged(curves, "test loss became NaN after epoch " + epoch, net);
    }

    /**
     * A segment that trained all its epochs: its OK outcome, with the network stored where the segment
     * says. After the trial's last epoch, with the declared metrics of the final network (the one
     * stored and kept); a metric that fails makes the trial FAILED with its curves, and nothing stored.
     *
     * @param metrics the model's declared metrics; empty before the last segment
     * @param parts   the validation and test parts with the network's outputs, for the metrics
     */
    static TrialOutcome finishSegment(
            UserSegment segment,
            Net net,
            TrialCurves curves,
            boolean regression,
            double initialLoss,
            List<Metric> metrics,
            DeclaredMetrics.Parts parts) {
        Map<String, Double> measured = Map.of();
        if (segment.isLast() && !metrics.isEmpty()) {
            long e0 = System.nanoTime();
            try {
                measured = DeclaredMetrics.measure(metrics, parts);
            } catch (DeclaredMetrics.Failure e) {
                return curves.outcome(
                        TrialStatus.FAILED, e.getMessage(), null, null, null, net.numParams(), net.trainerName());
            } finally {
                curves.evalSeconds += (System.nanoTime() - e0) / 1e9;
            }
        }
        TrialOutcome outcome =
                finished(curves, segment.toEpoch(), regression, net).withDeclaredMetrics(measured);
        store(segment, net, outcome, initialLoss);
        return outcome;
    }

    /** The OK outcome of a segment that trained all its epochs: a classifier's accuracies, or a regression's MSE. */
    static TrialOutcome finished(TrialCurves curves, int done, boolean regression, Net net) {
        if (regression) {
            return curves.outcome(
                    TrialStatus.OK,
                    null,
                    null,
                    curves.testLoss.get(done - 1),
                    null,
                    net.numParams(),
                    net.trainerName());
        }
        double best =
                curves.testAcc.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return curves.outcome(
                TrialStatus.OK,
                null,
                curves.testAcc.get(done - 1),
                curves.testLoss.get(done - 1),
                best,
                net.numParams(),
                net.trainerName());
    }

    /** A DIVERGED outcome with the curves so far. */
    static TrialOutcome diverged(TrialCurves curves, String why, Net net) {
        return curves.outcome(TrialStatus.DIVERGED, why, null, null, null, net.numParams(), net.trainerName());
    }

    /**
     * Stores what the segment asks for: the final network after the trial's last epoch, else a
     * checkpoint with DL4J's updater state, its counts and the curves so far.
     */
    static void store(UserSegment segment, Net net, TrialOutcome outcome, double initialLoss) {
        if (segment.saveTo() == null) {
            return;
        }
        if (segment.isLast()) {
            Checkpoint.saveFinal(segment.saveTo(), net);
        } else {
            Checkpoint.save(
                    segment.saveTo(),
                    net,
                    new Checkpoint.Progress(
                            segment.toEpoch(), outcome, initialLoss, net.iterationCount(), net.epochCount(), null));
        }
    }
}
