package io.sparksweep.train;

import io.sparksweep.api.SweepModel;
import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.SegmentTrace;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * Trains and evaluates one trial on the calling thread: the epoch loop. The trial seed drives weight
 * init, the per-epoch shuffle and the input noise, so the same spec gives the same numbers. The step
 * that trains a minibatch is a {@link TrainingStep}, the batches are {@link Batches}, the measuring
 * after each epoch is {@link Evaluation} and {@link TrialCurves}.
 */
public final class TrialRunner {

    private TrialRunner() {}

    /**
     * Trains epochs {@code fromEpoch+1 .. toEpoch} of a trial, continuing from its checkpoint when it
     * does not start at 0 and storing one when the segment asks for it. The outcome holds the curves
     * from epoch 1; a segment that ends before the last epoch returns OK with its curves so far. With
     * {@code robustness} (a sweep's robustness block, or null), a classification trial that ends its last
     * epoch OK is also evaluated on the test set corrupted at each level ({@link NoisyEvaluation}): the
     * outcome's {@link Metrics#ROBUSTNESS} curves. {@code divergence} (the sweep's setting) says when a
     * rising minibatch loss ends the trial as DIVERGED.
     *
     * <p>A failure of the configuration becomes a FAILED outcome. An OutOfMemoryError propagates: it may
     * be the executor's size, not the configuration, so the caller decides whether Spark should retry it
     * ({@code TrialTask}).
     */
    public static TrialOutcome run(
            TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence) {
        return run(segment, data, robustness, divergence, StepChoice.FAST_WHERE_SUPPORTED);
    }

    /**
     * As {@link #run(TrialSegment, TrainingData, Robustness, Divergence)}, on an executor that keeps
     * networks warm: a segment that continues from a checkpoint takes the network that wrote it from
     * {@code warm} when it is there, and a segment that stops at a rung leaves its network there after
     * writing its checkpoint. The numbers are the same either way.
     */
    public static TrialOutcome run(
            TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence, WarmNetworks warm) {
        return run(segment, data, robustness, divergence, StepChoice.FAST_WHERE_SUPPORTED, warm);
    }

    /**
     * A segment of a trial of a user's network ({@link UserModelTraining#run}): built by the model,
     * trained through DL4J's {@code fit} on the sweep's {@code data}, or on the model's own iterators
     * when {@code data} is null. Failures are FAILED outcomes, as here.
     */
    public static TrialOutcome run(SweepModel model, UserSegment segment, TrainingData data, Divergence divergence) {
        return UserModelTraining.run(model, segment, data, divergence);
    }

    /**
     * A whole trial on an image dataset, scaled as its configuration says, without validation part or
     * robustness, under the default divergence rule.
     */
    public static TrialOutcome run(TrialSpec spec, ImageDataset data) {
        return run(spec, data, StepChoice.FAST_WHERE_SUPPORTED);
    }

    /** As {@link #run(TrialSpec, ImageDataset)}, on the chosen code path: for the epoch benchmark, which also times fit. */
    public static TrialOutcome run(TrialSpec spec, ImageDataset data, StepChoice steps) {
        TrainingData d = TrainingData.of(data, spec.config().normalizeInput(), null, 0);
        return run(TrialSegment.whole(spec), d, null, Divergence.DEFAULT, steps);
    }

    /** A segment on the chosen path; {@link StepChoice#DL4J_FIT} for tests of what fit does. */
    static TrialOutcome run(
            TrialSegment segment, TrainingData data, Robustness robustness, Divergence divergence, StepChoice steps) {
        return run(segment, data, robustness, divergence, steps, WarmNetworks.NONE);
    }

    /** A segment on the chosen path, continuing from and leaving networks in {@code warm}. */
    static TrialOutcome run(
            TrialSegment segment,
            TrainingData data,
            Robustness robustness,
            Divergence divergence,
            StepChoice steps,
            WarmNetworks warm) {
        try {
            return train(segment, data, robustness, divergence, steps, warm);
        } catch (RuntimeException | StackOverflowError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return TrialOutcome.failed(msg.lines().findFirst().orElse(msg));
        }
    }

    private static TrialOutcome train(
            TrialSegment segment,
            TrainingData data,
            Robustness robustness,
            Divergence divergence,
            StepChoice steps,
            WarmNetworks warm) {
        TrialSpec spec = segment.spec();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        boolean autoencoder = spec.config().model() == ModelType.AUTOENCODER;
        // before the trial's seed: the noisy test images come from a fixed seed of their own
        Examples noisyTest = autoencoder ? NoisyTestSet.of(spec.config(), data) : null;
        Nd4j.getRandom().setSeed(spec.seed());
        long built = System.nanoTime();
        WarmNetworks.Entry kept =
                segment.resumeFrom() == null ? null : warm.take(segment.resumeFrom(), segment.fromEpoch());
        MultiLayerNetwork net = kept != null
                ? kept.net()
                : NetworkFactory.build(
                        spec.config(), spec.seed(), data.rows(), data.cols(), data.numClasses(), data.regression());
        boolean keptAgain = false;
        int batch = spec.config().integer(Hyperparameter.BATCH_SIZE);
        // an autoencoder's targets are its clean inputs: one output per input value
        int outputs = autoencoder ? data.features() : data.outputs();
        try (Batches batches = new Batches(data.train().size(), batch, data.features(), outputs, autoencoder);
                TrainingStep step = TrainingStep.of(net, steps)) {
            Checkpoint.Progress resumed = null;
            long read = SegmentTrace.since(SegmentTrace.Span.BUILD, built);
            if (kept != null) {
                // the network that wrote the checkpoint, with the progress it wrote: as if read back
                resumed = kept.progress();
                step.restore(resumed.stepState());
            } else if (segment.resumeFrom() != null) {
                resumed = Checkpoint.load(segment.resumeFrom(), net);
                read = SegmentTrace.since(SegmentTrace.Span.CHECKPOINT_READ, read);
                if (resumed.epochsDone() != segment.fromEpoch()) {
                    throw new IllegalStateException("checkpoint " + segment.resumeFrom() + " is after epoch "
                            + resumed.epochsDone() + ", not " + segment.fromEpoch());
                }
                step.restore(resumed.stepState());
            }
            Evaluation eval = new Evaluation(
                    step, data.features(), Evaluation.batchSize(spec.config().model() == ModelType.CNN));
            SegmentTrace.since(SegmentTrace.Span.BUILD, read);
            Ended ended = new Trial(segment, data, net, batches, step, eval, noisyTest, robustness, divergence)
                    .epochs(resumed);
            // kept only once its checkpoint is written: the network stands for that file
            keptAgain = ended.checkpointed() != null && warm.keep(segment.saveTo(), net, ended.checkpointed());
            return ended.outcome();
        } finally {
            if (!keptAgain) {
                release(net);
            }
        }
    }

    /**
     * Frees the network's native memory. Not {@code MultiLayerNetwork.close()}: that also destroys the
     * thread's workspaces and calls {@code System.gc()}, a full collection after every trial.
     */
    private static void release(MultiLayerNetwork net) {
        Net.of(net).release();
    }

    /** A segment's outcome, and the progress its rung checkpoint holds (null if it wrote none). */
    private record Ended(TrialOutcome outcome, Checkpoint.Progress checkpointed) {}

    /**
     * What the epoch loop of one trial works with, built once its arrays are allocated.
     *
     * @param noisyTest an autoencoder's noisy test images, else null
     * @param robustness the sweep's robustness block, or null
     * @param divergence the sweep's divergence setting
     */
    private record Trial(
            TrialSegment segment,
            TrainingData data,
            MultiLayerNetwork net,
            Batches batches,
            TrainingStep step,
            Evaluation eval,
            Examples noisyTest,
            Robustness robustness,
            Divergence divergence) {

        Ended epochs(Checkpoint.Progress resumed) {
            TrialCurves curves = resumed == null ? new TrialCurves() : TrialCurves.of(resumed.soFar());
            RowEpochs rows = new RowEpochs(
                    data,
                    batches,
                    step,
                    divergence,
                    segment.spec().seed(),
                    segment.fromEpoch(),
                    resumed == null ? Double.NaN : resumed.initialLoss());
            for (int epoch = segment.fromEpoch() + 1; epoch <= segment.toEpoch(); epoch++) {
                RowEpochs.Pass pass = rows.train(epoch);
                long e0 = SegmentTrace.since(SegmentTrace.Span.TRAIN, pass.started());
                curves.addEpochSeconds((e0 - pass.started()) / 1e9);
                if (pass.diverged() != null) {
                    return new Ended(
                            curves.outcome(TrialStatus.DIVERGED, pass.diverged(), null, null, null, net, step), null);
                }
                curves.trainLoss.add(pass.meanLoss());
                boolean finite = curves.evaluate(eval, data, noisyTest);
                curves.evalSeconds += (SegmentTrace.since(SegmentTrace.Span.EVALUATE, e0) - e0) / 1e9;
                if (!finite) {
                    return new Ended(
                            curves.outcome(
                                    TrialStatus.DIVERGED,
                                    "test loss became NaN after epoch " + epoch,
                                    null,
                                    null,
                                    null,
                                    net,
                                    step),
                            null);
                }
            }
            if (robustness != null && segment.isLast() && !data.regression() && noisyTest == null) {
                long r0 = System.nanoTime();
                curves.addRobustness(eval, data, robustness);
                curves.evalSeconds += (SegmentTrace.since(SegmentTrace.Span.EVALUATE, r0) - r0) / 1e9;
            }
            TrialOutcome outcome = finished(curves);
            long w0 = System.nanoTime();
            Checkpoint.Progress progress = null;
            if (segment.saveTo() != null && segment.isLast()) {
                Checkpoint.saveFinal(segment.saveTo(), net);
            } else if (segment.saveTo() != null) {
                progress = new Checkpoint.Progress(
                        segment.toEpoch(),
                        outcome,
                        rows.initialLoss(),
                        net.getLayerWiseConfigurations().getIterationCount(),
                        net.getLayerWiseConfigurations().getEpochCount(),
                        step.state());
                Checkpoint.save(segment.saveTo(), net, progress);
            }
            SegmentTrace.since(SegmentTrace.Span.CHECKPOINT_WRITE, w0);
            return new Ended(outcome, progress);
        }

        /** The OK outcome of a segment that trained all its epochs. */
        private TrialOutcome finished(TrialCurves curves) {
            int done = segment.toEpoch();
            if (data.regression() || noisyTest != null) {
                // no accuracy: test_loss is the training objective on the test part (MSE; a denoiser's noisy-test
                // reconstruction loss)
                return curves.outcome(TrialStatus.OK, null, null, curves.testLoss.get(done - 1), null, net, step);
            }
            double best = curves.testAcc.stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(Double.NaN);
            return curves.outcome(
                    TrialStatus.OK, null, curves.testAcc.get(done - 1), curves.testLoss.get(done - 1), best, net, step);
        }
    }

    /**
     * Why this step's loss means the trial diverged under the sweep's rule, or null if it did not: a
     * NaN or infinite loss always, a loss above the factor times the untrained network's unless the
     * rule is off. The reason names the setting, so a user knows which switch to turn.
     */
    static String whyDiverged(double loss, double initialLoss, Divergence rule) {
        if (!Double.isFinite(loss)) {
            return "loss became " + loss;
        }
        if (!rule.isOff() && initialLoss > 0 && loss > rule.factor() * initialLoss) {
            return String.format(
                    Locale.ROOT,
                    "loss %.3g > %sx the untrained network's %.3g (divergence: %s)",
                    loss,
                    rule,
                    initialLoss,
                    rule);
        }
        return null;
    }
}
