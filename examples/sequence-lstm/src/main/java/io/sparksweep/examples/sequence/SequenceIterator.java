package io.sparksweep.examples.sequence;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * MNIST images as sequences, for a recurrent network: each image is {@link MnistFiles#ROWS} time steps of
 * {@link MnistFiles#COLS} pixels (its rows, top to bottom), in DL4J's recurrent layout
 * {@code [batch, 28 values, 28 steps]}, pixels scaled to [0, 1]; labels are one-hot {@code [batch, 10]}
 * (for a network that classifies from the last step).
 *
 * <p>A shuffling iterator draws a new order at construction and at every {@link #reset()} from one
 * generator seeded once: the order of the k-th pass depends only on the seed and k, so a repeat of a trial
 * sees the same minibatches, and a resumed trial that resets as often as it had gets the same order
 * again.
 */
public final class SequenceIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;
    private static final int PIXELS = MnistFiles.ROWS * MnistFiles.COLS;

    private final byte[] images;
    private final byte[] labels;
    private final int[] order;
    private final int batchSize;
    private final Random random;
    private int cursor;
    private transient DataSetPreProcessor preProcessor;

    private SequenceIterator(byte[] images, byte[] labels, int from, int count, int batchSize, Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
        }
        if (from < 0 || count < 1 || from + count > labels.length) {
            throw new IllegalArgumentException(
                    "images " + from + ".." + (from + count - 1) + " are not among the " + labels.length + " given");
        }
        this.images = images;
        this.labels = labels;
        this.batchSize = batchSize;
        this.random = random;
        this.order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = from + i;
        }
        shuffle();
    }

    /**
     * Images {@code from} to {@code from + count - 1}, in a new seeded order on every pass.
     *
     * @param images    images of 28 x 28 pixel bytes, row by row, one after the other
     * @param labels    their labels, 0-9
     * @param from      the first image used
     * @param count     how many images are used
     * @param batchSize examples per minibatch (the last one of a pass may be smaller)
     * @param seed      seeds the order of every pass
     */
    public static SequenceIterator shuffled(
            byte[] images, byte[] labels, int from, int count, int batchSize, long seed) {
        return new SequenceIterator(images, labels, from, count, batchSize, new Random(seed));
    }

    /**
     * Images {@code from} to {@code from + count - 1} in file order on every pass (for evaluation).
     *
     * @param images    images of 28 x 28 pixel bytes, row by row, one after the other
     * @param labels    their labels, 0-9
     * @param from      the first image used
     * @param count     how many images are used
     * @param batchSize examples per minibatch (the last one may be smaller)
     */
    public static SequenceIterator inOrder(byte[] images, byte[] labels, int from, int count, int batchSize) {
        return new SequenceIterator(images, labels, from, count, batchSize, null);
    }

    private void shuffle() {
        if (random == null) {
            return;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** How many images one pass gives. */
    public int size() {
        return order.length;
    }

    /** Whether the pass has images left. */
    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    /** The next minibatch of {@link #batch()} sequences (fewer at the end of a pass). */
    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /** The next minibatch of at most {@code num} sequences. */
    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("the pass is over: reset() starts the next one");
        }
        int b = Math.min(num, order.length - cursor);
        int rows = MnistFiles.ROWS;
        int cols = MnistFiles.COLS;
        float[] features = new float[b * PIXELS];
        float[] oneHot = new float[b * MnistFiles.CLASSES];
        for (int i = 0; i < b; i++) {
            int image = order[cursor + i];
            int src = image * PIXELS;
            int dst = i * PIXELS;
            for (int step = 0; step < rows; step++) {
                for (int col = 0; col < cols; col++) {
                    // [example, value, step] in C order: a time step is one pixel row of the image
                    features[dst + col * rows + step] = (images[src + step * cols + col] & 0xFF) / 255f;
                }
            }
            oneHot[i * MnistFiles.CLASSES + labels[image]] = 1f;
        }
        cursor += b;
        DataSet ds = new DataSet(
                Nd4j.create(features, new long[] {b, cols, rows}, 'c'),
                Nd4j.create(oneHot, new long[] {b, MnistFiles.CLASSES}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Values per time step: 28 pixels. */
    @Override
    public int inputColumns() {
        return MnistFiles.COLS;
    }

    /** Ten classes. */
    @Override
    public int totalOutcomes() {
        return MnistFiles.CLASSES;
    }

    /** Always: sparksweep resets before every epoch. */
    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: minibatches are made on the calling thread. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next pass, in the next seeded order for a shuffling iterator. */
    @Override
    public void reset() {
        cursor = 0;
        shuffle();
    }

    /** The minibatch size. */
    @Override
    public int batch() {
        return batchSize;
    }

    /** Sets a pre-processor applied to every minibatch (none by default). */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    /** The pre-processor, or null. */
    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The class names "0" to "9". */
    @Override
    public List<String> getLabels() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
