package io.sparksweep.spark;

import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.TableDataset;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.util.ExportSupport;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One network trained data-parallel across the executors with DL4J Spark: {@link SparkDl4jMultiLayer}
 * under a {@link ParameterAveragingTrainingMaster} (each worker fits its own minibatches, the driver
 * averages parameters and updater state every {@code averagingFrequency} of them). The minibatches
 * are made on the executors ({@link RetrainBatches}); DL4J exports them once to a directory every
 * executor reaches and reads them back each epoch. That directory is deleted at the end, whatever
 * happens (DL4J's default, under /tmp/hadoop-&lt;user&gt;, is never cleaned). DL4J refuses to export
 * when a cluster's default file system is the local one (a standalone cluster without HDFS): there
 * the minibatches are kept in the executors' memory (spilling to disk) and trained on directly.
 */
public final class DataParallelTraining {

    /** The name the sidecar gives this way of training. */
    public static final String PARAMETER_AVERAGING = "ParameterAveragingTrainingMaster";

    /**
     * Where executors find the images: the driver's location, or a known dataset's name they resolve themselves.
     *
     * @param sha256    the driver's copy's hash: a different copy on an executor is refused
     * @param normalize pixels / 255 (the configuration's {@code normalize_input})
     */
    public record Images(String location, String name, String sha256, boolean normalize) implements Serializable {}

    /**
     * @param batchSize          examples per minibatch on each worker (the configuration's batch_size)
     * @param workers            how many workers train at once
     * @param averagingFrequency minibatches each worker fits between two averagings
     * @param epochs             passes over the training data
     * @param seed               the shuffle of the examples into slices and DL4J's own
     * @param exportRoot         a folder every executor reaches (a Hadoop URI or a local path in local mode)
     */
    public record Settings(
            int batchSize, int workers, int averagingFrequency, int epochs, long seed, String exportRoot) {}

    /** Called on the driver after each epoch with the averaged network. */
    @FunctionalInterface
    public interface EpochEnd {
        /** @param score DL4J's mean minibatch score of the epoch's last averaging round */
        void ended(int epoch, MultiLayerNetwork net, double score, double seconds);
    }

    /**
     * The trained network, and how many examples the executors put into minibatches: counted as they
     * are made (once, at DL4J's export before the first epoch; a task Spark re-runs counts again).
     */
    public record Trained(MultiLayerNetwork net, long examples, String approach) {}

    private final JavaSparkContext sc;

    DataParallelTraining(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** How many tasks run at once: the default parallelism over the cores per task. */
    public int slots() {
        return Math.max(
                1, sc.defaultParallelism() / Integer.parseInt(sc.getConf().get("spark.task.cpus", "1")));
    }

    /** Trains {@code net} (in place) on every example of the images, and returns it. */
    public Trained train(MultiLayerNetwork net, Images images, boolean autoencoder, Settings s, EpochEnd end)
            throws IOException {
        return train(net, images, null, autoencoder, s, end);
    }

    /** Trains {@code net} (in place) on every training and validation row of the table, and returns it. */
    public Trained train(MultiLayerNetwork net, TableDataset table, Settings s, EpochEnd end) throws IOException {
        Broadcast<TableDataset> shared = sc.broadcast(table);
        try {
            return train(net, null, shared, false, s, end);
        } finally {
            shared.destroy();
        }
    }

    /**
     * Trains {@code net} (in place) on every row of a streamed table outside its test part, validation
     * rows included: the minibatches are made on the executors from the table's own files (Spark reads
     * them split by split), encoded with the sweep's statistics; the driver never holds the rows.
     */
    public Trained train(MultiLayerNetwork net, StreamedTable table, Settings s, EpochEnd end) throws IOException {
        LongAccumulator made = sc.sc().longAccumulator("retrain examples");
        EncodedTable t = table.table();
        JavaRDD<DataSet> batches = table.nonTestRows()
                .javaRDD()
                .mapPartitionsWithIndex(
                        new StreamedBatches(
                                table.encoder(), s.batchSize(), s.seed(), t.targetMean(), t.targetStd(), made),
                        false);
        return train(net, batches, made, s, end);
    }

    private Trained train(
            MultiLayerNetwork net,
            Images images,
            Broadcast<TableDataset> table,
            boolean autoencoder,
            Settings s,
            EpochEnd end)
            throws IOException {
        // a few slices per worker, so that a lost executor's share is re-made in parts
        int slices = s.workers() * 2;
        List<Integer> ids = IntStream.range(0, slices).boxed().toList();
        LongAccumulator made = sc.sc().longAccumulator("retrain examples");
        JavaRDD<DataSet> batches = sc.parallelize(ids, slices)
                .mapPartitions(new RetrainBatches(images, table, autoencoder, slices, s.batchSize(), s.seed(), made));
        return train(net, batches, made, s, end);
    }

    private Trained train(
            MultiLayerNetwork net, JavaRDD<DataSet> batches, LongAccumulator made, Settings s, EpochEnd end)
            throws IOException {
        boolean exported = ExportSupport.exportSupported(sc);
        Path export = new Path(s.exportRoot(), "_retrain-export-" + UUID.randomUUID());
        FileSystem fs = export.getFileSystem(new Configuration());
        export = fs.makeQualified(export);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(
                        s.workers(), s.batchSize())
                .batchSizePerWorker(s.batchSize())
                .averagingFrequency(s.averagingFrequency())
                // DL4J's Builder leaves this false (its Javadoc says enabled by default): each round would then
                // start every worker's Adam or momentum from zero at a late step count, updates of several
                // times the learning rate (issue 26: the digits/Adam winner lost ~1.5 pp, test loss 4-6x)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(exported ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
                .storageLevel(StorageLevel.MEMORY_AND_DISK_SER()) // direct: DL4J persists the batches, made once
                .exportDirectory(export.toString())
                .rngSeed(s.seed())
                .build();
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
        try {
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                long t0 = System.nanoTime();
                spark.fit(batches);
                end.ended(epoch, spark.getNetwork(), spark.getScore(), (System.nanoTime() - t0) / 1e9);
            }
            return new Trained(spark.getNetwork(), made.value(), exported ? "export" : "direct");
        } finally {
            if (!exported) {
                batches.unpersist(false);
            }
            master.deleteTempFiles(sc);
            fs.delete(export, true);
        }
    }
}
