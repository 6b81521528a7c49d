package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.Serializable;
import java.nio.FloatBuffer;

/**
 * Adam with the arithmetic of DL4J's AdamUpdater (libnd4j's {@code adam_updater} op, in float):
 * m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², update = m·α_t / (√v + ε) with the bias correction
 * α_t = lr·√(1−β2^(t+1)) / (1−β1^(t+1)), t counting steps from 0. The GEMMs write the batch-mean
 * gradient into an array laid out like the parameters (alpha = 1/b, beta = 0), an axpy adds l2·W
 * (DL4J's L2 acts on the gradient before the updater), one subtraction moves every parameter.
 *
 * <p>Why the update runs on the host: libnd4j's elementwise square root is not vectorised; its
 * adam_updater took 1.5 ms for the 320 k parameters of 784-5x200-10 (half a training step),
 * this loop 0.09 ms including copying the gradient out and back. The moments live on the Java
 * heap (8 bytes per parameter, what the op's state would take off-heap), in blocks so that no array
 * limit applies; the gradient passes through one reusable block.
 */
final class BufferedAdam extends ParameterUpdate {

    static final int BLOCK = 1 << 20;

    private final Adam config;
    private final INDArray[] weights;
    private final ParamMirror gradient;
    private final FloatBuffer gradientMemory;
    private final float[][] firstMoment;
    private final float[][] secondMoment;
    private final float[] chunk;
    private final PreparedOp move;

    BufferedAdam(Adam config, INDArray params, INDArray[] weights, INDArray[] biases) {
        this(config, params, weights, biases, BLOCK);
    }

    /** {@code block}: moment arrays' length (the last one shorter); tests pass small ones. */
    BufferedAdam(Adam config, INDArray params, INDArray[] weights, INDArray[] biases, int block) {
        this.config = config;
        this.weights = weights;
        gradient = new ParamMirror(params, weights, biases);
        gradientMemory = gradient.flat.data().asNioFloat();
        long n = params.length();
        int blocks = (int) ((n + block - 1) / block);
        firstMoment = new float[blocks][];
        secondMoment = new float[blocks][];
        for (int k = 0; k < blocks; k++) {
            int len = (int) Math.min(block, n - (long) k * block);
            firstMoment[k] = new float[len];
            secondMoment[k] = new float[len];
        }
        chunk = new float[(int) Math.min(block, n)];
        move = new PreparedOp(new SubOp(params, gradient.flat, params));
    }

    @Override
    INDArray weightTarget(int l) {
        return gradient.weights[l];
    }

    @Override
    INDArray biasTarget(int l) {
        return gradient.biases[l];
    }

    @Override
    double beta() {
        return 0.0;
    }

    @Override
    double alpha(int batch, double lr) {
        return 1.0 / batch;
    }

    @Override
    void afterGradient(int l, double l2, double lr) {
        if (l2 != 0) {
            Nd4j.exec(new Axpy(weights[l], gradient.weights[l], gradient.weights[l], l2));
        }
    }

    @Override
    public void finish(double lr, int iteration) {
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float alpha = correctedRate(lr, beta1, beta2, epsilon, iteration);
        int offset = 0;
        for (int k = 0; k < firstMoment.length; k++) {
            int len = firstMoment[k].length;
            gradientMemory.get(offset, chunk, 0, len);
            update(chunk, firstMoment[k], secondMoment[k], len, beta1, beta2, alpha, epsilon);
            gradientMemory.put(offset, chunk, 0, len);
            offset += len;
        }
        move.exec(); // params -= update
    }

    /** libnd4j's α_t, ε when it is not a usable number (as the op does). */
    static float correctedRate(double lr, float beta1, float beta2, float epsilon, int iteration) {
        float beta1t = (float) Math.pow(beta1, iteration + 1);
        float beta2t = (float) Math.pow(beta2, iteration + 1);
        float alpha = (float) (lr * Math.sqrt(1.0 - beta2t) / (1.0 - beta1t));
        return Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0 ? epsilon : alpha;
    }

    /** In place: g becomes the update, m and v their new values. A plain loop the JIT vectorises. */
    static void update(float[] g, float[] m, float[] v, int len, float beta1, float beta2, float alpha, float epsilon) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        for (int i = 0; i < len; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + gi * c1;
            float vi = beta2 * v[i] + gi * gi * c2;
            m[i] = mi;
            v[i] = vi;
            g[i] = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    @Override
    public Serializable state() {
        return new float[][][] {firstMoment, secondMoment};
    }

    @Override
    public void restore(Serializable state) {
        float[][][] s = (float[][][]) state;
        for (int k = 0; k < firstMoment.length; k++) {
            System.arraycopy(s[0][k], 0, firstMoment[k], 0, firstMoment[k].length);
            System.arraycopy(s[1][k], 0, secondMoment[k], 0, secondMoment[k].length);
        }
    }

    @Override
    public void close() {
        move.close();
        gradient.close();
    }
}
