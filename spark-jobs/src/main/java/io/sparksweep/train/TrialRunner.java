package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.Robustness;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.plan.Seeds;
import io.sparksweep.trial.TrialStatus;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;

/**
 * Trains and evaluates one trial on the calling thread. The trial seed drives weight init, the
 * per-epoch shuffle and the input noise, so the same spec gives the same numbers.
 */
public final class TrialRunner {

    /** Training accuracy is measured on this many fixed training examples after each epoch. */
    static final int TRAIN_EVAL_EXAMPLES = 10_000;
    private static final int EVAL_BATCH = 2_000;
    /**
     * A minibatch loss this many times the untrained network's counts as divergence. DL4J clips
     * probabilities, so a blown-up network rarely reaches NaN: measured on MNIST (784-100-10, SGD,
     * one epoch) the worst step loss is 1.2x the first at lr 1, 6.7x at lr 2 (ends at 31 % accuracy)
     * and 9x at lr 10 to 1e5 (chance accuracy, finite loss).
     */
    static final double DIVERGENCE_FACTOR = 5.0;
    /** Keras clips probabilities at 1e-7 before the log; so do we, so the losses compare. */
    private static final double PROB_FLOOR = 1e-7;

    private TrialRunner() {
    }

    /**
     * Trains one trial; a failure of the configuration becomes a FAILED outcome. An OutOfMemoryError
     * propagates: it may be the executor's size, not the configuration, so the caller decides
     * whether Spark should retry it ({@code TrialTask}).
     */
    public static TrialOutcome run(TrialSpec spec, ImageDataset data) {
        return run(spec, TrainingData.of(data, spec.config().isTrue(Hyperparameter.NORMALIZE_INPUT), null, 0));
    }

    /** As {@link #run(TrialSpec, ImageDataset)}, on images or a table, with or without a validation part. */
    public static TrialOutcome run(TrialSpec spec, TrainingData data) {
        return run(TrialSegment.whole(spec), data);
    }

    /**
     * Trains epochs {@code fromEpoch+1 .. toEpoch} of a trial, continuing from its checkpoint when it
     * does not start at 0 and storing one when the segment asks for it. The outcome holds the curves
     * from epoch 1; a segment that ends before the last epoch returns OK with its curves so far.
     */
    public static TrialOutcome run(TrialSegment segment, TrainingData data) {
        return run(segment, data, null);
    }

    /**
     * As {@link #run(TrialSegment, TrainingData)}; with {@code robustness} (a sweep's robustness block),
     * a classification trial that ends its last epoch OK is also evaluated on the test set corrupted at
     * each level ({@link NoisyEvaluation}): the outcome's {@link Metrics#ROBUSTNESS} curves.
     */
    public static TrialOutcome run(TrialSegment segment, TrainingData data, Robustness robustness) {
        try {
            return train(segment, data, robustness);
        } catch (RuntimeException | StackOverflowError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return TrialOutcome.failed(msg.lines().findFirst().orElse(msg));
        }
    }

    private static TrialOutcome train(TrialSegment segment, TrainingData data, Robustness robustness) {
        TrialSpec spec = segment.spec();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        boolean autoencoder = spec.config().model() == ModelType.AUTOENCODER;
        // before the trial's seed: the noisy test images come from a fixed seed of their own
        Examples noisyTest = autoencoder ? NoisyTestSet.of(spec.config(), data) : null;
        Nd4j.getRandom().setSeed(spec.seed());
        MultiLayerNetwork net = NetworkFactory.build(spec.config(), spec.seed(), data.rows(), data.cols(), data.numClasses(),
                data.regression());
        int batch = spec.config().integer(Hyperparameter.BATCH_SIZE);
        int n = data.train().size();
        // an autoencoder's targets are its clean inputs: one output per input value
        int outputs = autoencoder ? data.features() : data.outputs();
        // Two reusable off-heap batches (full and last partial) filled in place: allocating a fresh
        // INDArray per step costs more than the step's arithmetic on small networks.
        try (Batch full = new Batch(Math.min(batch, n), data.features(), outputs, autoencoder);
             Batch last = n % batch == 0 || n < batch ? null : new Batch(n % batch, data.features(), outputs, autoencoder);
             Step step = Step.of(net)) {
            Checkpoint.Progress resumed = null;
            if (segment.resumeFrom() != null) {
                resumed = Checkpoint.load(segment.resumeFrom(), net);
                if (resumed.epochsDone() != segment.fromEpoch()) {
                    throw new IllegalStateException("checkpoint " + segment.resumeFrom() + " is after epoch "
                            + resumed.epochsDone() + ", not " + segment.fromEpoch());
                }
                step.restore(resumed.stepState());
            }
            return train(segment, data, net, full, last, step, resumed, noisyTest, robustness);
        } finally {
            release(net);
        }
    }

    /**
     * Frees the network's native memory. Not {@code MultiLayerNetwork.close()}: that also destroys the
     * thread's workspaces and calls {@code System.gc()}, a full collection after every trial.
     */
    private static void release(MultiLayerNetwork net) {
        net.params().close();
        if (net.getFlattenedGradients() != null) {
            net.getFlattenedGradients().close();
        }
        if (net.getUpdater(false) != null && net.getUpdater(false).getStateViewArray() != null) {
            net.getUpdater(false).getStateViewArray().close();
        }
    }

    /** The per-epoch metrics of a trial as they accumulate. */
    private static final class Curves {
        final List<Double> trainLoss = new ArrayList<>(), trainAcc = new ArrayList<>(), testAcc = new ArrayList<>(),
                testLoss = new ArrayList<>(), epochSeconds = new ArrayList<>();
        final Map<String, List<Double>> extra = new TreeMap<>();
        double trainSeconds;
        double evalSeconds;

        void add(String metric, double value) {
            extra.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
        }

        /** The curves of a trial continued from a checkpoint. */
        static Curves of(TrialOutcome soFar) {
            Curves c = new Curves();
            c.trainLoss.addAll(soFar.trainLoss());
            c.trainAcc.addAll(soFar.trainAccuracy());
            c.testAcc.addAll(soFar.testAccuracyCurve());
            c.testLoss.addAll(soFar.testLossCurve());
            c.epochSeconds.addAll(soFar.epochSeconds());
            soFar.metricCurves().forEach((k, v) -> c.extra.put(k, new ArrayList<>(v)));
            c.trainSeconds = soFar.trainSeconds();
            c.evalSeconds = soFar.evalSeconds();
            return c;
        }

        TrialOutcome outcome(TrialStatus status, String message, Double testAccuracy, Double testLoss, Double best,
                             MultiLayerNetwork net, Step step) {
            return new TrialOutcome(status, message, testAccuracy, testLoss, best, trainLoss, trainAcc, testAcc, this.testLoss,
                    epochSeconds, trainSeconds, evalSeconds, net.numParams(), step.name(), extra);
        }
    }

    private static TrialOutcome train(TrialSegment segment, TrainingData data, MultiLayerNetwork net, Batch full, Batch last,
                                      Step step, Checkpoint.Progress resumed, Examples noisyTest, Robustness robustness) {
        TrialSpec spec = segment.spec();
        Config c = spec.config();
        int epochs = c.integer(Hyperparameter.EPOCHS);
        int batch = c.integer(Hyperparameter.BATCH_SIZE);
        int n = data.train().size();
        int[] order = data.train().rows().clone();
        SplittableRandom rng = new SplittableRandom(spec.seed());
        // a convolutional network's activations per example are ~100x a dense one's: evaluate in smaller batches
        int evalBatch = c.model() == ModelType.CNN ? 250 : EVAL_BATCH;

        Curves curves = resumed == null ? new Curves() : Curves.of(resumed.soFar());
        double initialLoss = resumed == null ? Double.NaN : resumed.initialLoss();
        for (int epoch = 1; epoch <= segment.fromEpoch(); epoch++) {
            shuffle(order, rng); // the order the epochs before the checkpoint left
        }
        for (int epoch = segment.fromEpoch() + 1; epoch <= segment.toEpoch(); epoch++) {
            if (epoch > 1) {
                Nd4j.getRandom().setSeed(Seeds.epochSeed(spec.seed(), epoch));
                step.reseed();
            }
            shuffle(order, rng);
            long t0 = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            for (int start = 0; start < n; start += batch) {
                Batch b = n - start >= full.size ? full : last;
                b.fill(data.train(), order, start, data.targetMean(), data.targetStd());
                double score = step.fit(b.features, b.labels);
                if (Double.isNaN(initialLoss)) {
                    // a standardized regression target's untrained loss is about 1 but a small batch's may be far below it
                    initialLoss = data.regression() ? Math.max(score, 1.0) : score;
                }
                String divergence = divergence(score, initialLoss);
                if (divergence != null) {
                    curves.epochSeconds.add((System.nanoTime() - t0) / 1e9);
                    curves.trainSeconds += curves.epochSeconds.get(curves.epochSeconds.size() - 1);
                    return curves.outcome(TrialStatus.DIVERGED, divergence + " in epoch " + epoch + ", step " + (steps + 1),
                            null, null, null, net, step);
                }
                lossSum += score;
                steps++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            curves.trainSeconds += seconds;
            curves.epochSeconds.add(seconds);
            curves.trainLoss.add(lossSum / steps);
            long e0 = System.nanoTime();
            boolean finite = noisyTest != null ? evaluateReconstruction(step, data, noisyTest, evalBatch, curves)
                    : data.regression() ? evaluateRegression(step, data, evalBatch, curves)
                    : evaluateClassification(step, data, evalBatch, curves);
            curves.evalSeconds += (System.nanoTime() - e0) / 1e9;
            if (!finite) {
                return curves.outcome(TrialStatus.DIVERGED, "test loss became NaN after epoch " + epoch, null, null, null, net, step);
            }
        }
        int done = segment.toEpoch();
        if (robustness != null && segment.isLast() && !data.regression() && noisyTest == null) {
            long r0 = System.nanoTime();
            for (NoisyEvaluation.Level l : NoisyEvaluation.curves(step, data.test(), data.features(), data.numClasses(), evalBatch,
                    robustness)) {
                curves.add(Metrics.ROBUSTNESS_LEVELS, l.level());
                curves.add(Metrics.ROBUSTNESS_ACCURACY, l.accuracy());
                curves.add(Metrics.ROBUSTNESS_RECALL, l.meanRecall());
            }
            curves.evalSeconds += (System.nanoTime() - r0) / 1e9;
        }
        TrialOutcome outcome;
        if (data.regression() || noisyTest != null) {
            // no accuracy: test_loss is the training objective on the test part (MSE; a denoiser's noisy-test reconstruction loss)
            outcome = curves.outcome(TrialStatus.OK, null, null, curves.testLoss.get(done - 1), null, net, step);
        } else {
            double best = curves.testAcc.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            outcome = curves.outcome(TrialStatus.OK, null, curves.testAcc.get(done - 1), curves.testLoss.get(done - 1), best, net, step);
        }
        if (segment.saveTo() != null && segment.isLast()) {
            Checkpoint.saveFinal(segment.saveTo(), net);
        } else if (segment.saveTo() != null) {
            Checkpoint.save(segment.saveTo(), net, new Checkpoint.Progress(done, outcome, initialLoss,
                    net.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getEpochCount(),
                    step.state()));
        }
        return outcome;
    }

    /** Train accuracy (first 10 000 training examples), test and validation accuracy and loss; false if the test loss is NaN. */
    private static boolean evaluateClassification(Step step, TrainingData data, int evalBatch, Curves curves) {
        int f = data.features(), k = data.numClasses();
        curves.trainAcc.add(evaluate(step, data.train(), Math.min(TRAIN_EVAL_EXAMPLES, data.train().size()), f, k, evalBatch)[0]);
        double[] test = evaluate(step, data.test(), data.test().size(), f, k, evalBatch);
        curves.testAcc.add(test[0]);
        curves.testLoss.add(test[1]);
        if (data.validation() != null) {
            double[] v = evaluate(step, data.validation(), data.validation().size(), f, k, evalBatch);
            curves.add(Metrics.VALIDATION_ACCURACY, v[0]);
            curves.add(Metrics.VALIDATION_LOSS, v[1]);
        }
        return !Double.isNaN(test[1]);
    }

    /**
     * An autoencoder's reconstruction losses: from the clean test images, from the noisy ones (also its
     * test_loss, the training objective on the test part) and from the clean validation images; false
     * if a test loss is not finite. Without input noise the noisy test images are the clean ones.
     */
    private static boolean evaluateReconstruction(Step step, TrainingData data, Examples noisyTest, int evalBatch, Curves curves) {
        int f = data.features();
        double clean = reconstructionLoss(step, data.test(), data.test(), f, evalBatch);
        double noisy = noisyTest == data.test() ? clean : reconstructionLoss(step, noisyTest, data.test(), f, evalBatch);
        curves.testLoss.add(noisy);
        curves.add(Metrics.RECONSTRUCTION_LOSS, clean);
        curves.add(Metrics.RECONSTRUCTION_LOSS_NOISY, noisy);
        if (data.validation() != null) {
            curves.add(Metrics.VALIDATION_RECONSTRUCTION_LOSS, reconstructionLoss(step, data.validation(), data.validation(), f, evalBatch));
        }
        return Double.isFinite(clean) && Double.isFinite(noisy);
    }

    /**
     * Keras' {@code binary_crossentropy} of the network's reconstructions of {@code input} against
     * {@code target} (example i of one is example i of the other): the mean over values and examples of
     * -(y log p + (1 - y) log(1 - p)), p clipped to [1e-7, 1 - 1e-7]. Without noise or dropout.
     */
    static double reconstructionLoss(Step step, Examples input, Examples target, int f, int evalBatch) {
        int count = input.size();
        if (target.size() != count) {
            throw new IllegalArgumentException("input and target parts differ in size: " + count + " and " + target.size());
        }
        float[] y = target.x();
        double loss = 0;
        try (Batch full = new Batch(Math.min(evalBatch, count), f, f, true);
             Batch last = count % evalBatch == 0 || count < evalBatch ? null : new Batch(count % evalBatch, f, f, true)) {
            for (int start = 0; start < count; start += evalBatch) {
                Batch b = count - start >= full.size ? full : last;
                b.fill(input, input.rows(), start, 0, 1);
                float[] p = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    int base = target.rows()[start + r] * f;
                    double sum = 0;
                    for (int j = 0; j < f; j++) {
                        double q = Math.min(Math.max(p[r * f + j], PROB_FLOOR), 1 - PROB_FLOOR), t = y[base + j];
                        sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
                    }
                    loss += sum / f;
                }
            }
        }
        return loss / count;
    }

    /** Test (and validation) MSE, RMSE, MAE and R², in the label's units; false if they are not finite. */
    private static boolean evaluateRegression(Step step, TrainingData data, int evalBatch, Curves curves) {
        double[] test = regressionMetrics(step, data, data.test(), evalBatch);
        curves.testLoss.add(test[0]);
        curves.add(Metrics.TEST_RMSE, test[1]);
        curves.add(Metrics.TEST_MAE, test[2]);
        curves.add(Metrics.TEST_R2, test[3]);
        if (data.validation() != null) {
            double[] v = regressionMetrics(step, data, data.validation(), evalBatch);
            curves.add(Metrics.VALIDATION_RMSE, v[1]);
            curves.add(Metrics.VALIDATION_MAE, v[2]);
            curves.add(Metrics.VALIDATION_R2, v[3]);
        }
        return Double.isFinite(test[0]);
    }

    /**
     * One training step on a minibatch, returning DL4J's score. Dense networks with SGD, classic
     * momentum or Adam use {@link DenseSgdStep} (same arithmetic, about a third fewer large GEMMs,
     * far fewer small ops); everything else, or
     * {@code -Dsparksweep.trainer=dl4j}, uses {@code MultiLayerNetwork.fit}.
     */
    interface Step extends AutoCloseable {
        double fit(INDArray features, INDArray labels);

        /** Which code path trains: "fast-dense", "fast-conv" or "dl4j-fit" (the trials' {@code trainer} column). */
        String name();

        /** The network's softmax outputs for a batch, without dropout or noise (row-major); labels only size the batch. */
        float[] probabilities(INDArray features, INDArray labels);

        /**
         * What a checkpoint must hold beyond the network's parameters to continue exactly: the
         * step count and the optimizer's state. Null for {@code fit}, whose state is DL4J's updater.
         */
        default java.io.Serializable state() {
            return null;
        }

        /** Puts back what {@link #state()} returned. */
        default void restore(java.io.Serializable state) {
        }

        /** At the start of an epoch after ND4J's generator was reseeded: draw host-side noise seeds from it again. */
        default void reseed() {
        }

        @Override
        void close();

        static Step of(MultiLayerNetwork net) {
            if (!"dl4j".equals(System.getProperty("sparksweep.trainer"))) {
                if (DenseSgdStep.supports(net)) {
                    return new DenseSgdStep(net);
                }
                if (ConvSgdStep.supports(net)) {
                    return new ConvSgdStep(net);
                }
            }
            return new Step() {
                public double fit(INDArray features, INDArray labels) {
                    net.fit(features, labels);
                    return net.score();
                }

                public float[] probabilities(INDArray features, INDArray labels) {
                    return outputOf(net, features);
                }

                public String name() {
                    return "dl4j-fit";
                }

                public void close() {
                }
            };
        }
    }

    /** {@code net.output} for evaluation, copied to the host and freed. */
    static float[] outputOf(MultiLayerNetwork net, INDArray features) {
        INDArray out = net.output(features, false);
        try {
            return out.data().asFloat();
        } finally {
            out.close();
        }
    }

    /** A minibatch whose off-heap arrays are allocated once and refilled in place for every step. */
    static final class Batch implements AutoCloseable {
        final int size;
        final INDArray features;
        final INDArray labels;
        private final float[] y;
        private final FloatBuffer featureMemory;
        private final FloatBuffer labelMemory;
        private final int f;
        private final int k;
        /** An autoencoder's batch: the labels are the (clean) features themselves. */
        private final boolean reconstruct;

        Batch(int size, int f, int k) {
            this(size, f, k, false);
        }

        Batch(int size, int f, int k, boolean reconstruct) {
            if (reconstruct && k != f) {
                throw new IllegalArgumentException("a reconstruction batch has one label per feature (" + f + "), not " + k);
            }
            this.size = size;
            this.f = f;
            this.k = k;
            this.reconstruct = reconstruct;
            this.y = reconstruct ? new float[0] : new float[size * k];
            this.features = Nd4j.create(DataType.FLOAT, size, f);
            this.labels = Nd4j.create(DataType.FLOAT, size, k);
            this.featureMemory = features.data().asNioFloat();
            this.labelMemory = labels.data().asNioFloat();
        }

        /**
         * Copies examples order[start..start+size) (or start.. when order is null) straight into the
         * arrays' own memory, a row at a time: no allocation and no conversion per step.
         */
        void fill(float[] pixels, byte[] labelBytes, int[] order, int start) {
            java.util.Arrays.fill(y, 0f);
            for (int r = 0; r < size; r++) {
                int idx = order == null ? start + r : order[start + r];
                featureMemory.put(r * f, pixels, idx * f, f);
                y[r * k + (labelBytes[idx] & 0xFF)] = 1f;
            }
            labelMemory.put(0, y, 0, y.length);
        }

        /**
         * Copies the examples {@code order[start..start+size)} (rows of {@code e.x()}): one-hot classes,
         * regression targets as (y - mean) / std, or for an autoencoder the features again: the
         * network sees them through its input noise, the loss compares with this clean copy.
         */
        void fill(Examples e, int[] order, int start, double mean, double std) {
            float[] x = e.x();
            if (reconstruct) {
                for (int r = 0; r < size; r++) {
                    int idx = order[start + r];
                    featureMemory.put(r * f, x, idx * f, f);
                    labelMemory.put(r * f, x, idx * f, f);
                }
                return;
            }
            java.util.Arrays.fill(y, 0f);
            for (int r = 0; r < size; r++) {
                int idx = order[start + r];
                featureMemory.put(r * f, x, idx * f, f);
                if (e.classes() != null) {
                    y[r * k + e.classes()[idx]] = 1f;
                } else {
                    y[r] = (float) ((e.targets()[idx] - mean) / std);
                }
            }
            labelMemory.put(0, y, 0, y.length);
        }

        @Override
        public void close() {
            features.close();
            labels.close();
        }
    }

    /** Why this step's loss means the trial diverged, or null if it did not. */
    static String divergence(double loss, double initialLoss) {
        if (!Double.isFinite(loss)) {
            return "loss became " + loss;
        }
        if (initialLoss > 0 && loss > DIVERGENCE_FACTOR * initialLoss) {
            return String.format(java.util.Locale.ROOT, "loss exploded to %.3g (%.1fx the untrained network's %.3g)",
                    loss, loss / initialLoss, initialLoss);
        }
        return null;
    }

    /** Fisher–Yates with the trial's own generator. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Accuracy and mean cross-entropy of the first {@code count} examples of a part, without input noise.
     * Reuses its input arrays and frees each output at once (the launcher turns JavaCPP's GC-driven
     * deallocation off because it is slow, so nothing here may rely on it).
     */
    static double[] evaluate(Step step, Examples e, int count, int f, int k, int evalBatch) {
        long[] correct = {0};
        double[] loss = {0};
        classify(step, e, count, f, k, evalBatch, (label, predicted, p, offset) -> {
            if (predicted == label) {
                correct[0]++;
            }
            loss[0] -= Math.log(Math.max(p[offset + label], PROB_FLOOR));
        });
        return new double[]{(double) correct[0] / count, loss[0] / count};
    }

    /** One classified example: its label, the predicted class, and its probabilities at p[offset..offset+k). */
    interface Classified {
        void accept(int label, int predicted, float[] p, int offset);
    }

    /** Runs the first {@code count} examples of a part through the network in batches, without input noise. */
    static void classify(Step step, Examples e, int count, int f, int k, int evalBatch, Classified each) {
        try (Batch full = new Batch(Math.min(evalBatch, count), f, k);
             Batch last = count % evalBatch == 0 || count < evalBatch ? null : new Batch(count % evalBatch, f, k)) {
            for (int start = 0; start < count; start += evalBatch) {
                Batch b = count - start >= full.size ? full : last;
                b.fill(e, e.rows(), start, 0, 1);
                float[] p = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    int arg = 0;
                    for (int j = 1; j < k; j++) {
                        if (p[r * k + j] > p[r * k + arg]) {
                            arg = j;
                        }
                    }
                    each.accept(e.classes()[e.rows()[start + r]], arg, p, r * k);
                }
            }
        }
    }

    /** Mean squared error, its root, mean absolute error and R² (against the part's own mean, as scikit-learn's r2_score) of a part. */
    static double[] regressionMetrics(Step step, TrainingData data, Examples e, int evalBatch) {
        int count = e.size(), f = data.features();
        double[] predicted = new double[count];
        try (Batch full = new Batch(Math.min(evalBatch, count), f, 1);
             Batch last = count % evalBatch == 0 || count < evalBatch ? null : new Batch(count % evalBatch, f, 1)) {
            for (int start = 0; start < count; start += evalBatch) {
                Batch b = count - start >= full.size ? full : last;
                b.fill(e, e.rows(), start, data.targetMean(), data.targetStd());
                float[] out = step.probabilities(b.features, b.labels);
                for (int r = 0; r < b.size; r++) {
                    predicted[start + r] = out[r] * data.targetStd() + data.targetMean();
                }
            }
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += e.targets()[e.rows()[i]];
        }
        double mean = sum / count, se = 0, ae = 0, ss = 0;
        for (int i = 0; i < count; i++) {
            double y = e.targets()[e.rows()[i]], d = predicted[i] - y;
            se += d * d;
            ae += Math.abs(d);
            ss += (y - mean) * (y - mean);
        }
        double mse = se / count;
        return new double[]{mse, Math.sqrt(mse), ae / count, ss > 0 ? 1 - se / ss : Double.NaN};
    }
}
