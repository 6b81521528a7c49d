package io.sparksweep.train;

import io.sparksweep.data.Examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A minibatch whose off-heap arrays are allocated once and refilled in place for every step:
 * allocating a fresh INDArray per step costs more than the step's arithmetic on small networks.
 * {@link Batches} pairs a full-size one with one for the last, partial batch of a pass.
 */
final class Batch implements AutoCloseable {

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
            throw new IllegalArgumentException(
                    "a reconstruction batch has one label per feature (" + f + "), not " + k);
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
        Arrays.fill(y, 0f);
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
        Arrays.fill(y, 0f);
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
