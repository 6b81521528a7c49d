package io.sparksweep.spark;

import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.TableDataset;
import io.sparksweep.train.Net;
import io.sparksweep.util.RefusedException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.graph.dataset.DataSetToMultiDataSetFn;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.util.ExportSupport;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * One network trained data-parallel across the executors with DL4J Spark: a MultiLayerNetwork through
 * {@link SparkDl4jMultiLayer}, a (user's) ComputationGraph through {@link SparkComputationGraph}, both
 * under a {@link ParameterAveragingTrainingMaster} (each worker fits its own minibatches, the driver
 * averages parameters and updater state every {@code averagingFrequency} of them). The minibatches
 * are made on the executors ({@link RetrainBatches}, {@link StreamedBatches}), or, for a user's model
 * with its own iterators, read on the driver and parallelized from there. Two ways to feed them
 * ({@link Approach}): DL4J's export, which writes every minibatch once as a file in a folder every
 * executor reaches and reads a round's files back each round (the folder goes at the end, whatever
 * happens: DL4J's default, under /tmp/hadoop-&lt;user&gt;, is never cleaned); or direct, where the
 * minibatches are dealt once into rounds ({@link AveragingRounds}) and stay on the executors' local
 * disks as Spark shuffle files. DL4J's own direct approach is not used: it reads every minibatch
 * once per round, quadratic in the data.
 */
public final class DataParallelTraining {

    /** DL4J's averaging frequency on the direct path: above any round's share, so nothing is dropped. */
    private static final int NO_CAP = 100_000;

    /** The name the sidecar gives this way of training. */
    public static final String PARAMETER_AVERAGING = "ParameterAveragingTrainingMaster";

    /**
     * Where executors find the images: the driver's location, or a known dataset's name they resolve themselves.
     *
     * @param sha256    the driver's copy's hash: a different copy on an executor is refused
     * @param normalize pixels / 255 (the configuration's {@code normalize_input})
     * @param examples  how many training images the driver's copy holds
     */
    public record Images(String location, String name, String sha256, boolean normalize, int examples)
            implements Serializable {}

    /** How the minibatches reach the workers each round (DL4J's names, as the sidecar records them). */
    public enum Approach {
        /** Written once as files in a folder every executor reaches; each round reads its own files. */
        EXPORT,
        /** Dealt once into rounds, kept as Spark shuffle files on the executors' disks. */
        DIRECT;

        /** The name the sidecar and the command line use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param batchSize          examples per minibatch on each worker (the configuration's batch_size)
     * @param workers            how many workers train at once
     * @param averagingFrequency minibatches each worker fits between two averagings
     * @param epochs             passes over the training data
     * @param seed               the shuffle of the examples into slices and rounds, and DL4J's own
     * @param exportRoot         a folder every executor reaches (a Hadoop URI or a local path in local mode)
     * @param approach           how the minibatches reach the workers; null: {@link #defaultApproach()}
     */
    public record Settings(
            int batchSize,
            int workers,
            int averagingFrequency,
            int epochs,
            long seed,
            String exportRoot,
            Approach approach) {}

    /** Called on the driver after each epoch with the averaged network. */
    @FunctionalInterface
    public interface EpochEnd {
        /** @param score DL4J's mean minibatch score of the epoch's last averaging round */
        void ended(int epoch, Net net, double score, double seconds);
    }

    /**
     * The trained network, and how many examples the executors put into minibatches: counted as they
     * are made (once, at DL4J's export before the first epoch; a task Spark re-runs counts again).
     */
    public record Trained(Net net, long examples, Approach approach) {}

    private final JavaSparkContext sc;

    DataParallelTraining(JavaSparkContext sc) {
        this.sc = sc;
    }

    /**
     * Direct, wherever it runs: measured against export (docs/benchmarks.md), and DL4J can export only
     * where every executor reaches the default file system (not a standalone cluster without HDFS).
     */
    public Approach defaultApproach() {
        return Approach.DIRECT;
    }

    /**
     * Refuses what DL4J cannot do here: exporting on a cluster whose default file system is the local one.
     *
     * @throws RefusedException export on a standalone cluster without HDFS
     */
    public void requirePossible(Approach approach) {
        if (approach == Approach.EXPORT && !ExportSupport.exportSupported(sc)) {
            throw new RefusedException("--approach export needs a default file system every executor reaches "
                    + "(HDFS or S3; this cluster's is the local one): use --approach direct");
        }
    }

    /** How many tasks run at once: the default parallelism over the cores per task. */
    public int slots() {
        return Math.max(
                1, sc.defaultParallelism() / Integer.parseInt(sc.getConf().get("spark.task.cpus", "1")));
    }

    /** Trains {@code net} (in place) on every example of the images, and returns it. */
    public Trained train(Net net, Images images, boolean autoencoder, Settings s, EpochEnd end) throws IOException {
        return train(net, images, null, autoencoder, s, end);
    }

    /** Trains {@code net} (in place) on every training and validation row of the table, and returns it. */
    public Trained train(Net net, TableDataset table, Settings s, EpochEnd end) throws IOException {
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
    public Trained train(Net net, StreamedTable table, Settings s, EpochEnd end) throws IOException {
        LongAccumulator made = sc.sc().longAccumulator("retrain examples");
        EncodedTable t = table.table();
        JavaRDD<DataSet> batches = table.nonTestRows()
                .javaRDD()
                .mapPartitionsWithIndex(
                        new StreamedBatches(
                                table.encoder(), s.batchSize(), s.seed(), t.targetMean(), t.targetStd(), made),
                        false);
        return train(
                master -> wrap(net, batches, master),
                made::value,
                atMost(table.nonTestRowCount(), batches.getNumPartitions(), s),
                s,
                end);
    }

    /**
     * Trains {@code net} (in place) on minibatches a user's own DataSetIterator gave on the driver
     * (training and validation parts alike): they pass through the driver, parallelized into a few
     * slices per worker, and DL4J trains on them as on any other.
     */
    public Trained train(Net net, List<DataSet> minibatches, Settings s, EpochEnd end) throws IOException {
        JavaRDD<DataSet> batches =
                sc.parallelize(minibatches, Math.max(1, Math.min(minibatches.size(), s.workers() * 2)));
        long examples = minibatches.stream().mapToLong(DataSet::numExamples).sum();
        return train(master -> wrap(net, batches, master), () -> examples, minibatches.size(), s, end);
    }

    /**
     * Trains a ComputationGraph (in place) on minibatches a user's own MultiDataSetIterator gave on the
     * driver (one features array per input, one labels array per output), as {@link #train(Net, List,
     * Settings, EpochEnd)} does DataSets: through {@link SparkComputationGraph#fitMultiDataSet}.
     *
     * @throws IllegalArgumentException {@code net} is not a ComputationGraph
     */
    public Trained trainMulti(Net net, List<MultiDataSet> minibatches, Settings s, EpochEnd end) throws IOException {
        if (!(net.model() instanceof ComputationGraph graph)) {
            throw new IllegalArgumentException("MultiDataSets train a ComputationGraph only");
        }
        JavaRDD<MultiDataSet> batches =
                sc.parallelize(minibatches, Math.max(1, Math.min(minibatches.size(), s.workers() * 2)));
        long examples =
                minibatches.stream().mapToLong(b -> b.getFeatures(0).size(0)).sum();
        return train(
                master -> {
                    SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
                    return new Wrapped<>(
                            batches,
                            round -> master.executeTrainingMDS(spark, round),
                            graph::incrementEpochCount,
                            () -> Net.anyShape(spark.getNetwork()),
                            spark::getScore);
                },
                () -> examples,
                minibatches.size(),
                s,
                end);
    }

    private Trained train(
            Net net, Images images, Broadcast<TableDataset> table, boolean autoencoder, Settings s, EpochEnd end)
            throws IOException {
        // a few slices per worker, so that a lost executor's share is re-made in parts
        int slices = s.workers() * 2;
        List<Integer> ids = IntStream.range(0, slices).boxed().toList();
        LongAccumulator made = sc.sc().longAccumulator("retrain examples");
        JavaRDD<DataSet> batches = sc.parallelize(ids, slices)
                .mapPartitions(new RetrainBatches(images, table, autoencoder, slices, s.batchSize(), s.seed(), made));
        long examples = images != null
                ? images.examples()
                : table.value().train().size()
                        + (table.value().validation() == null
                                ? 0
                                : table.value().validation().size());
        return train(master -> wrap(net, batches, master), made::value, atMost(examples, slices, s), s, end);
    }

    /** At most how many minibatches {@code examples} make in {@code slices} slices: one short one per slice. */
    private static long atMost(long examples, int slices, Settings s) {
        return (examples + s.batchSize() - 1) / s.batchSize() + slices;
    }

    /**
     * DL4J Spark's wrapper of one network: the minibatches' RDD it trains on (the same every epoch:
     * DL4J exports an RDD once, by its id), one round of training on some of them (or, exported, an
     * epoch over all), the epoch count's step (as DL4J's own fit makes it), the averaged network and
     * its score.
     */
    private record Wrapped<T>(
            JavaRDD<T> batches,
            Consumer<JavaRDD<T>> fit,
            Runnable epochEnded,
            Supplier<Net> net,
            DoubleSupplier score) {}

    /** The wrapper for a network of either kind on DataSet minibatches. */
    private Wrapped<?> wrap(Net net, JavaRDD<DataSet> batches, ParameterAveragingTrainingMaster master) {
        if (net.model() instanceof MultiLayerNetwork m) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, m, master);
            return new Wrapped<>(
                    batches,
                    round -> master.executeTraining(spark, round),
                    m::incrementEpochCount,
                    () -> Net.of(spark.getNetwork()),
                    spark::getScore);
        }
        // a graph of one input and one output: each DataSet a MultiDataSet of one array each, mapped here
        // once (DL4J's fit(JavaRDD<DataSet>) maps afresh every call, so every epoch would export them again)
        ComputationGraph graph = (ComputationGraph) net.model();
        JavaRDD<MultiDataSet> multi = batches.map(new DataSetToMultiDataSetFn());
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        return new Wrapped<>(
                multi,
                round -> master.executeTrainingMDS(spark, round),
                graph::incrementEpochCount,
                () -> Net.of(spark.getNetwork()),
                spark::getScore);
    }

    /**
     * The epochs, under one training master whose export folder (or dealt minibatches) goes whatever
     * happens.
     *
     * @param made   how many examples the minibatches hold, read after training
     * @param atMost at most this many minibatches: how many rounds to deal them into
     */
    private Trained train(
            Function<ParameterAveragingTrainingMaster, Wrapped<?>> wrap,
            LongSupplier made,
            long atMost,
            Settings s,
            EpochEnd end)
            throws IOException {
        Approach approach = s.approach() != null ? s.approach() : defaultApproach();
        requirePossible(approach);
        Path export = new Path(s.exportRoot(), "_retrain-export-" + UUID.randomUUID());
        FileSystem fs = export.getFileSystem(sc.hadoopConfiguration());
        export = fs.makeQualified(export);
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(
                        s.workers(), s.batchSize())
                .batchSizePerWorker(s.batchSize())
                // DL4J's Builder leaves this false (its Javadoc says enabled by default): each round would then
                // start every worker's Adam or momentum from zero at a late step count, updates of several
                // times the learning rate (issue 26: the digits/Adam winner lost ~1.5 pp, test loss 4-6x)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .exportDirectory(export.toString())
                .rngSeed(s.seed());
        if (approach == Approach.EXPORT) {
            builder.rddTrainingApproach(RDDTrainingApproach.Export).averagingFrequency(s.averagingFrequency());
        } else {
            builder.rddTrainingApproach(RDDTrainingApproach.Direct)
                    // a round is already one partition per worker: no repartition, nothing persisted
                    .repartionData(Repartition.NumPartitionsWorkersDiffers)
                    .storageLevel(null)
                    // the rounds hold about averagingFrequency per worker; DL4J would drop what is over its
                    // cap, and here nothing should be
                    .averagingFrequency(NO_CAP);
        }
        ParameterAveragingTrainingMaster master = builder.build();
        Wrapped<?> spark = wrap.apply(master);
        try {
            runEpochs(spark, approach, atMost, s, end);
            return new Trained(spark.net().get(), made.getAsLong(), approach);
        } finally {
            master.deleteTempFiles(sc);
            fs.delete(export, true);
        }
    }

    private <T> void runEpochs(Wrapped<T> spark, Approach approach, long atMost, Settings s, EpochEnd end) {
        AveragingRounds<T> rounds = approach == Approach.DIRECT
                ? AveragingRounds.deal(spark.batches(), atMost, s.workers(), s.averagingFrequency(), s.seed())
                : null;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            long t0 = System.nanoTime();
            if (rounds == null) {
                spark.fit().accept(spark.batches()); // DL4J exports them (once), then trains round by round
            } else {
                for (int r : AveragingRounds.order(rounds.rounds(), s.seed(), epoch)) {
                    spark.fit().accept(rounds.round(r));
                }
            }
            spark.epochEnded().run();
            end.ended(epoch, spark.net().get(), spark.score().getAsDouble(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
