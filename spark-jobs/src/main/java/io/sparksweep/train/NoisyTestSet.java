package io.sparksweep.train;

import io.sparksweep.data.Examples;
import io.sparksweep.trial.Config;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * An autoencoder's noisy test images: the test part corrupted once with the trial's own training
 * input transform (salt-and-pepper, Gaussian noise, or input dropout: whatever the network's first
 * layer applies while training), drawn from ND4J's generator seeded with {@link #SEED}. The seed is
 * fixed, not the trial's: every trial with the same noise setting is scored on the very same noisy
 * images, as the seed notebook scored its autoencoder on one noisy copy of the test set.
 */
final class NoisyTestSet {

    /** ND4J's generator is seeded with this before the noise is drawn (the trial reseeds it afterwards). */
    static final long SEED = 13_004L;

    private static final int CHUNK = 2_000;

    private NoisyTestSet() {}

    /**
     * The test part with the noise applied, example i being the noisy test example i; the test part
     * itself when the configuration has no input transform. Reseeds ND4J's generator.
     */
    static Examples of(Config c, TrainingData data) {
        MultiLayerConfiguration conf =
                NetworkFactory.configuration(c, 0, data.rows(), data.cols(), data.outputs(), data.regression());
        IDropout transform = conf.getConf(0).getLayer().getIDropout();
        if (transform == null) {
            return data.test();
        }
        Examples test = data.test();
        int f = data.features(), count = test.size();
        float[] noisy = new float[count * f];
        Nd4j.getRandom().setSeed(SEED);
        for (int start = 0; start < count; start += CHUNK) {
            int m = Math.min(CHUNK, count - start);
            try (INDArray x = Nd4j.create(DataType.FLOAT, m, f);
                    INDArray a = Nd4j.create(DataType.FLOAT, m, f);
                    INDArray b = Nd4j.create(DataType.FLOAT, m, f)) {
                FloatBuffer in = x.data().asNioFloat();
                for (int r = 0; r < m; r++) {
                    in.put(r * f, test.x(), test.rows()[start + r] * f, f);
                }
                apply(transform, x, a, b);
                x.data().asNioFloat().get(0, noisy, start * f, m * f);
            }
        }
        return new Examples(noisy, test.classes(), test.targets(), Examples.all(count));
    }

    /** x := transform(x), as DL4J applies it to a layer's input while training; a and b are scratch arrays shaped like x. */
    static void apply(IDropout transform, INDArray x, INDArray a, INDArray b) {
        if (transform instanceof SaltAndPepperNoise s) {
            SaltAndPepperNoise.apply(x, x, a, b, s.getLevel());
        } else if (transform instanceof GaussianNoise g) {
            // DL4J's GaussianNoise: x + N(0, stddev), without a schedule here
            Nd4j.getExecutioner().exec(new GaussianDistribution(a, 0.0, g.getStddev()));
            Nd4j.exec(new AddOp(x, a, x));
        } else if (transform instanceof Dropout d && d.getPSchedule() == null) {
            // inverted dropout as DL4J's: keep with probability p, kept values divided by p
            double p = d.getP();
            Nd4j.getExecutioner().exec(new BernoulliDistribution(a, p));
            a.divi(p);
            Nd4j.exec(new MulOp(x, a, x));
        } else {
            throw new IllegalArgumentException("no noisy test set for the input transform " + transform);
        }
    }
}
