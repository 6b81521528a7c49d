package io.sparksweep.spark;

import io.sparksweep.train.NativeBuild;
import io.sparksweep.util.Shuffle;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A streamed table's rows made into DataSet minibatches on the executor that reads them (one
 * partition of {@link StreamedTable#nonTestRows}), encoded with the sweep's statistics
 * ({@link StreamedTable.RowEncoder}). Rows are taken a window at a time, shuffled by the seed and the
 * partition's index, and dealt out as minibatches: memory is the window's, not the partition's,
 * whatever the size of the table's files.
 */
final class StreamedBatches implements Function2<Integer, Iterator<Row>, Iterator<DataSet>> {

    /** Rows shuffled together: 16 384 rows x 50 features is 3.3 MB of floats. */
    static final int WINDOW_ROWS = 16_384;

    private final StreamedTable.RowEncoder encoder;
    private final int batchSize;
    private final long seed;
    private final double targetMean;
    private final double targetStd;
    private final LongAccumulator made; // examples put into minibatches, counted where they are made

    StreamedBatches(
            StreamedTable.RowEncoder encoder,
            int batchSize,
            long seed,
            double targetMean,
            double targetStd,
            LongAccumulator made) {
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.seed = seed;
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.made = made;
    }

    @Override
    public Iterator<DataSet> call(Integer partition, Iterator<Row> rows) {
        NativeBuild.select();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        return new Batches(partition, rows);
    }

    /** Reads a window, shuffles it, hands out its minibatches, reads the next. */
    private final class Batches implements Iterator<DataSet> {
        private final Iterator<Row> rows;
        private final SplittableRandom rng;
        private final Map<String, Integer> classIndex = encoder.classIndex();
        private final int f = encoder.width();
        private final int k = encoder.regression() ? 1 : encoder.classes().size();
        private final int window = Math.max(WINDOW_ROWS / batchSize, 1) * batchSize;
        private final float[] x = new float[window * f];
        private final float[] y = new float[window * k];
        private final Object[] values =
                new Object[encoder.preprocessing().columns().size()];
        private final int[] order = new int[window];
        private int filled; // rows in the window
        private int next; // the window's next row to hand out

        Batches(int partition, Iterator<Row> rows) {
            this.rows = rows;
            this.rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (partition + 1)));
        }

        @Override
        public boolean hasNext() {
            if (next < filled) {
                return true;
            }
            fill();
            return filled > 0;
        }

        @Override
        public DataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int n = Math.min(batchSize, filled - next);
            float[] bx = new float[n * f];
            float[] by = new float[n * k];
            for (int i = 0; i < n; i++) {
                int r = order[next + i];
                System.arraycopy(x, r * f, bx, i * f, f);
                System.arraycopy(y, r * k, by, i * k, k);
            }
            next += n;
            made.add(n);
            return new DataSet(
                    Nd4j.createFromArray(bx).reshape(n, f),
                    Nd4j.createFromArray(by).reshape(n, k));
        }

        /** The next window of rows, encoded, in a seeded order. */
        private void fill() {
            filled = 0;
            next = 0;
            java.util.Arrays.fill(y, 0f);
            while (filled < window && rows.hasNext()) {
                Row r = rows.next();
                encoder.features(r, values, x, filled * f);
                if (encoder.regression()) {
                    y[filled] = (float) ((encoder.target(r) - targetMean) / targetStd);
                } else {
                    Integer c = encoder.classOf(r, classIndex);
                    if (c == null) {
                        continue; // a class only the test part has: no output to train it on
                    }
                    y[filled * k + c] = 1f;
                }
                filled++;
            }
            for (int i = 0; i < filled; i++) {
                order[i] = i;
            }
            Shuffle.prefix(order, filled, rng);
        }
    }
}
