package io.sparksweep.spark;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.train.TrainingData;
import io.sparksweep.util.Shuffle;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One slice of the full training data as DataSet minibatches, made on the executor that trains on it:
 * images are read there (from the driver's location, or resolved by name, cached per JVM, as trials
 * do), a table comes as the sweep's broadcast. Every example, the training part and the validation
 * part alike, lands in exactly one slice: a seeded shuffle of all of them, dealt round-robin.
 */
final class RetrainBatches implements FlatMapFunction<Iterator<Integer>, DataSet> {

    private final DataParallelTraining.Images images; // null for a table
    private final Broadcast<TableDataset> table; // null for images
    private final boolean autoencoder;
    private final int slices;
    private final int batchSize;
    private final long seed;
    private final LongAccumulator made; // examples put into minibatches, counted where they are made

    RetrainBatches(
            DataParallelTraining.Images images,
            Broadcast<TableDataset> table,
            boolean autoencoder,
            int slices,
            int batchSize,
            long seed,
            LongAccumulator made) {
        this.made = made;
        this.images = images;
        this.table = table;
        this.autoencoder = autoencoder;
        this.slices = slices;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> sliceIds) {
        NativeBuild.select();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        TrainingData data = images != null
                ? TrainingData.of(
                        DatasetCache.get(images.location(), images.name(), images.sha256()),
                        images.normalize(),
                        null,
                        0)
                : TrainingData.of(table.value());
        List<Example> all = examples(data);
        List<DataSet> out = new ArrayList<>();
        while (sliceIds.hasNext()) {
            int slice = sliceIds.next();
            List<Example> mine = new ArrayList<>();
            for (int i = slice; i < all.size(); i += slices) {
                mine.add(all.get(i));
            }
            for (int start = 0; start < mine.size(); start += batchSize) {
                out.add(batch(data, mine.subList(start, Math.min(mine.size(), start + batchSize))));
            }
            made.add(mine.size());
        }
        return out.iterator();
    }

    /** An example: its part and its row there. */
    private record Example(Examples part, int row) {}

    /** Every training and validation example, in the seeded order every executor computes alike. */
    private List<Example> examples(TrainingData data) {
        List<Example> all = new ArrayList<>();
        for (Examples part : new Examples[] {data.train(), data.validation()}) {
            if (part != null) {
                for (int r : part.rows()) {
                    all.add(new Example(part, r));
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Shuffle.list(all, rng);
        return all;
    }

    /** Features as the trials feed them; one-hot classes, a standardized target, or the input itself. */
    private DataSet batch(TrainingData data, List<Example> rows) {
        int n = rows.size(), f = data.features();
        int k = autoencoder ? f : data.outputs();
        float[] x = new float[n * f];
        float[] y = new float[n * k];
        for (int i = 0; i < n; i++) {
            Example e = rows.get(i);
            System.arraycopy(e.part().x(), e.row() * f, x, i * f, f);
            if (autoencoder) {
                System.arraycopy(x, i * f, y, i * f, f);
            } else if (data.regression()) {
                y[i] = (float) ((e.part().targets()[e.row()] - data.targetMean()) / data.targetStd());
            } else {
                y[i * k + e.part().classes()[e.row()]] = 1f;
            }
        }
        return new DataSet(
                Nd4j.createFromArray(x).reshape(n, f), Nd4j.createFromArray(y).reshape(n, k));
    }
}
