package io.sparksweep.spark;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.Examples;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.train.Net;
import io.sparksweep.train.TrainingData;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Issue 26: the same MNIST MLP trained across Spark workers (a) under {@link DataParallelTraining}'s
 * {@code ParameterAveragingTrainingMaster}, exactly as {@code retrain} runs it, and (b) under DL4J's
 * gradient sharing ({@link SharedTrainingMaster}, its documented defaults: unicast on 127.0.0.1, the
 * default threshold algorithm, one worker per node). Both train on the minibatches {@code retrain}
 * makes ({@link RetrainBatches}, every training image once per epoch); per-epoch wall and test accuracy
 * are printed. Built only under the Maven profile {@code gradient-sharing}; never part of sparksweep.jar.
 *
 * <p>Arguments: {@code DATA_DIR [--master local[2]] [--mode averaging|sharing|both] [--optimizer sgd|adam]
 * [--lr R] [--epochs 3] [--batch 128] [--hidden 64] [--workers N] [--workers-per-node 1] [--seed 1]
 * [--averaging-frequency 5]}.
 */
public final class GradientSharingBenchmark {

    private GradientSharingBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: GradientSharingBenchmark DATA_DIR [--master M] [--mode averaging|sharing|both] "
                    + "[--optimizer sgd|adam] [--lr R] [--epochs N] [--batch N] [--hidden N] [--workers N] "
                    + "[--workers-per-node N] [--seed N] [--averaging-frequency N]");
            System.exit(2);
        }
        String dataDir = args[0];
        String master = "local[2]", mode = "both", optimizer = "sgd";
        Double lr = null;
        int epochs = 3, batch = 128, hidden = 64, workersPerNode = 1, frequency = 5;
        Integer workers = null;
        long seed = 1;
        for (int i = 1; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                System.err.println("option " + args[i] + ": no value");
                System.exit(2);
            }
            switch (args[i]) {
                case "--master" -> master = v;
                case "--mode" -> mode = v;
                case "--optimizer" -> optimizer = v;
                case "--lr" -> lr = Double.parseDouble(v);
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--workers" -> workers = Integer.parseInt(v);
                case "--workers-per-node" -> workersPerNode = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--averaging-frequency" -> frequency = Integer.parseInt(v);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!List.of("averaging", "sharing", "both").contains(mode)) {
            System.err.println("error: --mode must be averaging, sharing or both (got " + mode + ")");
            System.exit(2);
        }
        // the docs' retrain figures: SGD 0.5; Adam at its usual 0.001 with the sweeps' epsilon
        double rate = lr != null ? lr : optimizer.equals("adam") ? 0.001 : 0.5;
        IUpdater updater = optimizer.equals("adam") ? new Adam(rate, 0.9, 0.999, 1e-7) : new Sgd(rate);

        String location = DatasetResolver.toUri(dataDir);
        ImageDataset loaded = DatasetCache.get(location, "mnist", null);
        TrainingData data = TrainingData.of(loaded, true, null, 0);
        DataParallelTraining.Images images =
                new DataParallelTraining.Images(location, "mnist", loaded.sha256(), true, loaded.trainSize());

        SweepSpark spark = SweepSpark.startForRetrain("gradient-sharing benchmark", master);
        try {
            spark.awaitStarted();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkContext.getOrCreate());
            int w = workers != null ? workers : spark.dataParallel().slots();
            System.out.printf(
                    Locale.ROOT,
                    "master %s, %d workers, 784-%d-10, %s %.4g, batch %d, %d epochs, seed %d, OMP_NUM_THREADS=%s%n",
                    sc.master(),
                    w,
                    hidden,
                    optimizer,
                    rate,
                    batch,
                    epochs,
                    seed,
                    System.getenv("OMP_NUM_THREADS"));
            java.nio.file.Path exportDir = Files.createTempDirectory("gradient-sharing-");
            String exportRoot = exportDir.toUri().toString();
            for (String m : List.of("averaging", "sharing")) {
                if (mode.equals("both") || mode.equals(m)) {
                    run(
                            m,
                            sc,
                            spark,
                            hidden,
                            updater,
                            seed,
                            data,
                            images,
                            batch,
                            w,
                            frequency,
                            epochs,
                            exportRoot,
                            workersPerNode);
                }
            }
            Files.deleteIfExists(exportDir); // each run deleted its own export folder inside
        } finally {
            spark.stop();
        }
    }

    private static void run(
            String mode,
            JavaSparkContext sc,
            SweepSpark spark,
            int hidden,
            IUpdater updater,
            long seed,
            TrainingData data,
            DataParallelTraining.Images images,
            int batch,
            int workers,
            int frequency,
            int epochs,
            String exportRoot,
            int workersPerNode)
            throws Exception {
        MultiLayerNetwork net = network(hidden, updater, seed);
        List<Double> walls = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            if (mode.equals("averaging")) {
                DataParallelTraining.Settings s =
                        new DataParallelTraining.Settings(batch, workers, frequency, epochs, seed, exportRoot, null);
                spark.dataParallel().train(Net.of(net), images, false, s, (epoch, trained, score, seconds) -> {
                    walls.add(seconds);
                    epochLine(mode, epoch, seconds, score, accuracy(trained, data.test()));
                });
            } else {
                sharing(sc, net, data, images, batch, workers, epochs, seed, exportRoot, workersPerNode, walls);
            }
            System.out.printf(Locale.ROOT, "%s: done, %.1f s in all, epochs %s s%n", mode, secondsSince(t0), walls);
        } catch (Throwable e) {
            System.out.printf(Locale.ROOT, "%s: FAILED after %.1f s: %s%n", mode, secondsSince(t0), e);
            e.printStackTrace(System.out);
        }
    }

    /** Gradient sharing on {@code retrain}'s own minibatches, with DL4J's documented settings. */
    private static void sharing(
            JavaSparkContext sc,
            MultiLayerNetwork net,
            TrainingData data,
            DataParallelTraining.Images images,
            int batch,
            int workers,
            int epochs,
            long seed,
            String exportRoot,
            int workersPerNode,
            List<Double> walls)
            throws Exception {
        int slices = workers * 2; // as DataParallelTraining slices them
        LongAccumulator made = sc.sc().longAccumulator("examples");
        JavaRDD<DataSet> batches = sc.parallelize(
                        IntStream.range(0, slices).boxed().toList(), slices)
                .mapPartitions(new RetrainBatches(images, null, false, slices, batch, seed, made));
        // DL4J's example also sets unicastPort(40123); VoidConfiguration's builder ignores it (its default port
        // supplier keeps 49876, as the printed configuration shows), so it is left out
        VoidConfiguration voidConfiguration = VoidConfiguration.builder()
                .networkMask("127.0.0.0/8")
                .controllerAddress("127.0.0.1")
                .build();
        Path export = new Path(exportRoot, "_sharing-export-" + UUID.randomUUID());
        FileSystem fs = export.getFileSystem(new Configuration());
        SharedTrainingMaster master = new SharedTrainingMaster.Builder(voidConfiguration, batch)
                .batchSizePerWorker(batch)
                .workersPerNode(workersPerNode)
                .rngSeed(seed)
                .exportDirectory(fs.makeQualified(export).toString())
                .build();
        System.out.println("sharing: " + voidConfiguration);
        SparkDl4jMultiLayer trainer = new SparkDl4jMultiLayer(sc, net, master);
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                trainer.fit(batches);
                double seconds = secondsSince(t0);
                walls.add(seconds);
                // SharedTrainingMaster never sets the wrapper's score (it stays 0): NaN says "not reported"
                epochLine("sharing", epoch, seconds, Double.NaN, accuracy(Net.of(trainer.getNetwork()), data.test()));
            }
            System.out.println("sharing: examples made " + made.value());
        } finally {
            master.deleteTempFiles(sc);
            fs.delete(export, true);
        }
    }

    /** 784-h-10 as NetworkFactory makes it: ReLU, softmax on cross-entropy, Xavier uniform, float32. */
    private static MultiLayerNetwork network(int hidden, IUpdater updater, long seed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(784)
                        .nOut(hidden)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(hidden)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Test accuracy on the 10 000 test images, in chunks of 1 000. */
    private static double accuracy(Net trained, Examples test) {
        MultiLayerNetwork net = (MultiLayerNetwork) trained.model();
        int n = test.size(), f = 784, right = 0;
        for (int start = 0; start < n; start += 1000) {
            int m = Math.min(1000, n - start);
            float[] x = new float[m * f];
            System.arraycopy(test.x(), start * f, x, 0, m * f);
            INDArray out = net.output(Nd4j.createFromArray(x).reshape(m, f), false);
            int[] predicted = out.argMax(1).toIntVector();
            for (int i = 0; i < m; i++) {
                if (predicted[i] == test.classes()[start + i]) {
                    right++;
                }
            }
        }
        return (double) right / n;
    }

    private static void epochLine(String mode, int epoch, double seconds, double score, double accuracy) {
        System.out.printf(
                Locale.ROOT,
                "%s: epoch %d  %.2f s  score %.4f  test accuracy %.4f%n",
                mode,
                epoch,
                seconds,
                score,
                accuracy);
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
