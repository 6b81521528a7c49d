package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.plan.Seeds;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.Robustness;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Accuracy and mean per-class recall of a classifier on the test set corrupted at each noise level:
 * a sweep's robustness curves (after the last epoch of every OK trial) and {@code evaluate} on a
 * stored model, optionally through a denoiser first.
 *
 * <p>The corruption is the training noise's own definition, applied to the network's input as
 * training sees it (after the pixel scaling of {@code normalize_input}):
 * <ul>
 *   <li>salt and pepper: {@link SaltAndPepperNoise#apply} (each value replaced with probability
 *       level by 0 or 1 with equal chance), on ND4J's generator, over the test rows in chunks of
 *       {@value #CHUNK};</li>
 *   <li>gaussian: std·N(0, 1) added to every value, drawn with Java's {@code SplittableRandom} as the
 *       fast training path draws it, in row order; not clipped (neither is Keras' GaussianNoise).</li>
 * </ul>
 * Each level's generator is seeded with {@link Seeds#noiseSeed} of the noise and the level alone, so
 * every trial of every sweep, and {@code evaluate}, sees the same corrupted images at a level.
 * Level 0 is the clean test set exactly (no draw), evaluated in the same batches as the per-epoch
 * test accuracy, so it equals the trial's {@code test_accuracy}.
 */
public final class NoisyEvaluation {

    /** Rows corrupted per ND4J call. Fixed: the salt-and-pepper noise drawn for a level depends on it. */
    static final int CHUNK = 1000;

    private NoisyEvaluation() {}

    /** One level's figures; {@code recall[c]} is NaN for a class absent from the test set. */
    public record Level(double level, double accuracy, double meanRecall, double[] recall) {}

    /** A trial's robustness curves, through its training step's own forward ops. */
    static List<Level> curves(Evaluation eval, Examples test, int k, Robustness r) {
        List<Level> out = new ArrayList<>(r.levels().size());
        for (double level : r.levels()) {
            Examples noisy = new Examples(
                    corrupt(test, eval.features(), r.noise(), level), classesOf(test), null, Examples.all(test.size()));
            out.add(evaluate(eval, noisy, k, level));
        }
        return out;
    }

    /**
     * A stored classifier (any DL4J network with {@code k} softmax outputs) on the corrupted test set;
     * with a denoiser (any network whose output has the input's size), the corrupted images go through
     * it first and its output is what the classifier sees. Either may be a MultiLayerNetwork or a
     * ComputationGraph of one input and one output (a user's network).
     */
    public static List<Level> ofStoredModels(Net classifier, Net denoiser, Examples test, int f, int k, Robustness r) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // the batches of the trials' own evaluation, so that level 0 repeats their test accuracy exactly
        // (a graph is a user's network, which SweepDataEpochs evaluates in the convolutional batch)
        boolean conv = !(classifier instanceof MlnNet m)
                || m.net().getLayerWiseConfigurations().getConfs().stream()
                        .anyMatch(c -> c.getLayer() instanceof ConvolutionLayer);
        int evalBatch = Evaluation.batchSize(conv);
        List<Level> out = new ArrayList<>(r.levels().size());
        try (TrainingStep step = classifier instanceof MlnNet m
                ? TrainingStep.of(m.net(), StepChoice.FAST_WHERE_SUPPORTED)
                : TrainingStep.fit(classifier)) {
            Evaluation eval = new Evaluation(step, f, evalBatch);
            for (double level : r.levels()) {
                float[] x = corrupt(test, f, r.noise(), level);
                if (denoiser != null) {
                    x = outputs(denoiser, x, f, evalBatch);
                }
                out.add(evaluate(eval, new Examples(x, classesOf(test), null, Examples.all(test.size())), k, level));
            }
        }
        return out;
    }

    /** The network's output for every row of x, batch by batch; it must have as many columns as x. */
    static float[] outputs(Net net, float[] x, int f, int batch) {
        int n = x.length / f;
        float[] out = new float[x.length];
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            float[] chunk = new float[b * f];
            System.arraycopy(x, start * f, chunk, 0, b * f);
            try (INDArray in = Nd4j.create(chunk, new long[] {b, f}, DataType.FLOAT)) {
                float[] y = TrainingStep.outputOf(net, in);
                if (y.length != b * f) {
                    throw new IllegalArgumentException("the denoiser's output has " + (y.length / b)
                            + " values per example, not the input's " + f);
                }
                System.arraycopy(y, 0, out, start * f, b * f);
            }
        }
        return out;
    }

    /** A copy of the part's inputs (its rows in order, f values each) with the noise at this level. */
    public static float[] corrupt(Examples e, int f, NoiseType noise, double level) {
        int n = e.size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(e.x(), e.rows()[i] * f, x, i * f, f);
        }
        if (level == 0) {
            return x;
        }
        long seed = Seeds.noiseSeed(noise.key(), Robustness.canonical(level));
        if (noise == NoiseType.GAUSSIAN) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) (level * rng.nextGaussian());
            }
            return x;
        }
        Nd4j.getRandom().setSeed(seed);
        for (int start = 0; start < n; start += CHUNK) {
            int b = Math.min(CHUNK, n - start);
            float[] chunk = new float[b * f];
            System.arraycopy(x, start * f, chunk, 0, b * f);
            try (INDArray a = Nd4j.create(chunk, new long[] {b, f}, DataType.FLOAT);
                    INDArray keep = Nd4j.create(DataType.FLOAT, b, f);
                    INDArray scratch = Nd4j.create(DataType.FLOAT, b, f)) {
                SaltAndPepperNoise.apply(a, a, keep, scratch, level);
                System.arraycopy(a.data().asFloat(), 0, x, start * f, b * f);
            }
        }
        return x;
    }

    /** Accuracy and recall per class of every row of a part, in the batches of the per-epoch evaluation. */
    static Level evaluate(Evaluation eval, Examples e, int k, double level) {
        int count = e.size();
        long[] correct = new long[k], total = new long[k];
        eval.classify(e, count, k, (label, predicted, p, offset) -> {
            total[label]++;
            if (predicted == label) {
                correct[label]++;
            }
        });
        long right = 0;
        double recallSum = 0;
        int present = 0;
        double[] recall = new double[k];
        for (int c = 0; c < k; c++) {
            right += correct[c];
            recall[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
            if (total[c] > 0) {
                recallSum += recall[c];
                present++;
            }
        }
        return new Level(level, (double) right / count, recallSum / present, recall);
    }

    private static int[] classesOf(Examples e) {
        int[] c = new int[e.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = e.classes()[e.rows()[i]];
        }
        return c;
    }
}
