package io.sparksweep.retrain;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.data.TableSummary;
import io.sparksweep.driver.StoredResults;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.report.RetrainedModel;
import io.sparksweep.report.SweepReport;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.DataParallelTraining;
import io.sparksweep.spark.StreamedTable;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TableReader;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.store.AtomicFiles;
import io.sparksweep.store.StoredPlanResolver;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.ModelSource;
import io.sparksweep.train.Net;
import io.sparksweep.train.NetworkFactory;
import io.sparksweep.train.TestMetrics;
import io.sparksweep.train.TrainingData;
import io.sparksweep.train.UserModelRetraining;
import io.sparksweep.train.UserModels;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.Versions;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.RefusedException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code sparksweep retrain <out>/<sweep>}: the sweep's best configuration (or one named by id) trained
 * again on every training example, validation part included, data-parallel across the executors
 * ({@link DataParallelTraining}), then measured on the test part as trials are ({@link TestMetrics}; a
 * user's model as its trials are, {@link UserModelRetraining}) and
 * stored in {@code models/<config_id>-retrained.zip} with a JSON sidecar. A streamed table is trained
 * on every row outside its test part, its minibatches made on the executors from the table's files, encoded with
 * the statistics the sweep stored when they are still the ones its trials trained with. A user's
 * model that brings its own data has its training and validation iterators read on the driver, and the
 * minibatches sent from there. The report is rewritten at the end to show the retrained network. Every
 * refusal comes before
 * anything is written; the only thing written before the model is DL4J's export folder, which is
 * deleted whatever happens.
 */
public final class Retrain {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Minibatches each worker fits between two parameter averagings, unless told otherwise. */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;

    /** The file name of a retrained network under models/, without extension: never a trial's. */
    static String modelName(String configId) {
        return configId + "-retrained";
    }

    /**
     * @param sweepFolder        a sweep's output folder (local path or Hadoop URI)
     * @param configId           the configuration to retrain; null: rank 1
     * @param epochs             null: the configuration's own
     * @param workers            null: every slot of the Spark application
     * @param averagingFrequency minibatches per worker between two averagings
     * @param master             Spark master; null: spark-submit's, else local[*]
     * @param dataDir            where the images are, as a sweep's --data-dir
     * @param approach           how minibatches reach the workers; null: the default (direct)
     */
    public record Options(
            String sweepFolder,
            String configId,
            Integer epochs,
            Integer workers,
            int averagingFrequency,
            String master,
            String dataDir,
            DataParallelTraining.Approach approach) {}

    /**
     * What was stored, for the caller and the tests.
     *
     * @param storedStatistics a table encoded with the statistics the sweep stored, not computed again
     */
    public record Stored(Path model, Path sidecar, Map<String, Double> metrics, boolean storedStatistics) {}

    /** A streamed table encoded with the sweep's stored statistics, or null and why not. */
    private record Encoding(StreamedTable table, String why) {}

    /**
     * The sweep's table encoded with the statistics it stored in dataset.json ({@link StreamedTable#stored}),
     * when they are there and are the ones the winner's trials trained with; saves a pass of Spark jobs over
     * the whole table (~50 s per million rows).
     */
    private static Encoding storedStatistics(SweepOutput output, SweepDefinition sweep, Winner winner, SweepSpark spark)
            throws InterruptedException {
        String text = output.storedDatasetText();
        if (text == null) {
            return new Encoding(null, "the sweep stored no dataset.json");
        }
        TablePreprocessing preprocessing;
        TableSummary summary;
        try {
            JsonNode doc = JSON.readTree(text);
            preprocessing = TablePreprocessing.fromJson(doc.path("preprocessing"));
            summary = TableSummary.fromJson(doc.path("summary"));
        } catch (IOException | IllegalArgumentException e) {
            return new Encoding(null, output.datasetFile() + " cannot be read: " + e.getMessage());
        }
        StreamedTable t = spark.storedTable(
                sweep.dataset().table(),
                sweep.seed(),
                preprocessing,
                summary,
                winner.trial().provenance().datasetSha256());
        return t != null
                ? new Encoding(t, null)
                : new Encoding(
                        null,
                        "the stored ones do not hash to the data the trials trained on: the sweep encoded the "
                                + "table on the driver, or its files changed since");
    }

    private Retrain() {}

    /** Retrains and stores; progress and the outcome go to {@code out}. */
    public static Stored run(Options o, PrintStream out) throws InterruptedException {
        return run(o, null, null, out);
    }

    /**
     * As {@link #run(Options, PrintStream)}, for a program ({@code Sweeps.retrain}): with the model it
     * gave its sweep in code, on its own Spark.
     *
     * @param given    the sweep's user model as given to {@code Sweeps.model}; null: the configuration's
     *                 {@code model_class}, loaded by name through the thread's context class loader
     * @param attached a Spark the caller has, left running; null: one started (and stopped) here
     */
    public static Stored run(Options o, ModelSource given, SweepSpark attached, PrintStream out)
            throws InterruptedException {
        long started = System.nanoTime();
        if (o.epochs() != null && o.epochs() < 1) {
            throw new BadInputException("--epochs must be at least 1 (got " + o.epochs() + ")");
        }
        if (o.workers() != null && o.workers() < 1) {
            throw new BadInputException("--workers must be at least 1 (got " + o.workers() + ")");
        }
        if (o.averagingFrequency() < 1) {
            throw new BadInputException(
                    "--averaging-frequency must be at least 1 (got " + o.averagingFrequency() + ")");
        }
        Configuration hadoop = new Configuration();
        SweepOutput output = SweepOutput.ofFolder(o.sweepFolder(), hadoop);
        String where = output.root().toString();
        String text = output.storedSweepText();
        if (text == null) {
            throw new RefusedException("no sweep.yaml in " + where + ": is this a sweep's output folder?");
        }
        StoredResults results = StoredResults.read(output, id -> true);
        if (results.trials().isEmpty()) {
            throw new RefusedException("no trial rows under " + output.trialsDir() + ": the sweep has no results yet");
        }
        SweepDefinition sweep = SweepFileLoader.parse(text, where + "/sweep.yaml", new StoredPlanResolver(output));
        Winner winner = Winner.choose(results.summary(), results.trials(), o.configId(), where);
        ConfigSummary s = winner.summary();
        Config config = s.config();
        // a user's model that cannot be made is refused before Spark starts
        ModelSource model = config.isUserModel() ? modelSource(config, given, s.configId()) : null;
        if (sweep.dataset() == null && o.dataDir() != null) {
            System.setProperty("sparksweep.data.dir", o.dataDir()); // where its own data() looks, as in its sweep
        }
        int epochs = o.epochs() != null ? o.epochs() : config.integer(Hyperparameter.EPOCHS);
        int batch = config.integer(Hyperparameter.BATCH_SIZE);
        long seed = winner.trial().spec().seed();
        boolean autoencoder = config.model() == ModelType.AUTOENCODER;

        SweepSpark spark =
                attached != null ? attached : SweepSpark.startForRetrain("retrain " + sweep.name(), o.master());
        try {
            if (o.approach() != null) {
                spark.dataParallel().requirePossible(o.approach()); // before any data is read
            }
            TableDataset table = null; // in memory; for a streamed table, its sample and test part
            StreamedTable streamed = null;
            DataParallelTraining.Images images = null;
            TrainingData data = null; // the test part, and the training part for train accuracy; null: the model's own
            long rows = 0;
            String sha = null;
            boolean storedStatistics = false;
            if (sweep.dataset() == null) {
                // the model's own iterators: read below, once the model is made
            } else if (sweep.dataset().isTable()) {
                spark.awaitStarted();
                Encoding encoding = storedStatistics(output, sweep, winner, spark);
                streamed = encoding.table();
                TableReader.SweepTable read = streamed != null
                        ? new TableReader.SweepTable(null, streamed)
                        // read and encoded as the sweep did (the same seed, so the same split)
                        : spark.readTable(sweep.dataset().table(), sweep.seed());
                storedStatistics = streamed != null;
                out.println(
                        storedStatistics
                                ? "encoding: the statistics the sweep stored (dataset.json), not computed again"
                                : "encoding: statistics computed from the table again (" + encoding.why() + ")");
                TrainingData all;
                if (read.inMemory() != null) {
                    table = read.inMemory();
                    spark.requireExecutorsHold(table);
                    all = TrainingData.of(table);
                    rows = all.train().size()
                            + (all.validation() == null ? 0 : all.validation().size());
                } else {
                    // trained on every non-test row, made into minibatches on the executors from the table's
                    // files; measured on the sweep's encoded files (its sample and test part, held as a trial
                    // holds them), written by the sweep (or here, had they gone)
                    streamed = read.streamed();
                    EncodedTable encoded = streamed.writeUnder(output.root());
                    table = EncodedTableFiles.load(encoded);
                    all = TrainingData.of(table);
                    rows = streamed.nonTestRowCount();
                }
                data = new TrainingData(
                        all.rows(),
                        all.cols(),
                        all.numClasses(),
                        all.train(),
                        null,
                        all.test(),
                        all.targetMean(),
                        all.targetStd());
                sha = table.sha256();
            } else {
                DatasetResolver.Resolved at = DatasetResolver.resolve(sweep.dataset(), o.dataDir());
                ImageDataset loaded = DatasetCache.get(at.location(), at.knownName(), null);
                data = TrainingData.of(loaded, config.normalizeInput(), null, 0);
                images = new DataParallelTraining.Images(
                        at.location(), at.knownName(), loaded.sha256(), config.normalizeInput(), loaded.trainSize());
                rows = loaded.trainSize();
                sha = loaded.sha256();
            }
            UserModelRetraining user = model == null
                    ? null
                    : userModel(model, config, winner.trial().spec(), data);
            List<DataSet> ownBatches = null; // a user model's own minibatches, read here on the driver
            List<MultiDataSet> ownMultiBatches = null;
            if (user != null && user.multi()) {
                ownMultiBatches = user(user::multiMinibatches, model);
                rows = ownMultiBatches.stream()
                        .mapToLong(b -> b.getFeatures(0).size(0))
                        .sum();
            } else if (user != null && user.ownData()) {
                ownBatches = user(user::minibatches, model);
                rows = ownBatches.stream().mapToLong(DataSet::numExamples).sum();
            }
            String sweptOn = winner.trial().provenance().datasetSha256();
            if (sha != null && sweptOn != null && !sweptOn.equals(sha)) {
                out.printf(
                        "note: the sweep trained on data with SHA-256 %s..., this is %s...%n",
                        sweptOn.substring(0, Math.min(12, sweptOn.length())), sha.substring(0, 12));
            }
            DataParallelTraining training = spark.dataParallel();
            int workers = o.workers() != null ? o.workers() : training.slots();
            out.printf(
                    Locale.ROOT,
                    "retrain %s: configuration %s (rank %d, %s), %d epochs on %d rows, %d workers, batch %d per worker, "
                            + "parameters averaged every %d minibatches%n",
                    sweep.name(),
                    s.configId(),
                    s.rank(),
                    config.describe(TrialPlanner.plan(sweep).searched()),
                    epochs,
                    rows,
                    workers,
                    batch,
                    o.averagingFrequency());

            Net net;
            if (user != null) {
                net = user(user::build, model); // seeded as the trial's was
            } else {
                Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
                Nd4j.getRandom().setSeed(seed);
                net = Net.of(NetworkFactory.build(
                        config, seed, data.rows(), data.cols(), data.numClasses(), data.regression()));
            }
            Curves curves = new Curves();
            TrainingData measured = data;
            DataParallelTraining.EpochEnd end = (epoch, trained, score, seconds) -> {
                Map<String, Double> m =
                        user != null ? user.measure(trained) : TestMetrics.measure(trained, config, measured);
                curves.add(score, seconds, m);
                out.println(epochLine(epoch, epochs, score, m, seconds));
            };
            DataParallelTraining.Settings settings = new DataParallelTraining.Settings(
                    batch, workers, o.averagingFrequency(), epochs, seed, where, o.approach());
            long t0 = System.nanoTime();
            DataParallelTraining.Trained done;
            try {
                if (ownMultiBatches != null) {
                    done = training.trainMulti(net, ownMultiBatches, settings, end);
                } else if (ownBatches != null) {
                    done = training.train(net, ownBatches, settings, end);
                } else if (streamed != null) {
                    done = training.train(net, streamed, settings, end);
                } else if (table != null) {
                    done = training.train(net, table, settings, end);
                } else {
                    done = training.train(net, images, autoencoder, settings, end);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Net trained = done.net();
            if (done.examples() != rows) {
                // Spark re-makes a lost executor's slices (and counts them again); more examples made than rows
                // is that, fewer would be rows lost: say either, the sidecar keeps both figures
                out.printf(
                        "note: the executors made minibatches of %d examples for %d training rows%s%n",
                        done.examples(), rows, done.examples() > rows ? " (slices of a lost executor made again)" : "");
            }
            Map<String, Double> metrics = new LinkedHashMap<>(curves.last());
            if (user != null) {
                try {
                    metrics.putAll(user.declaredMetrics(trained)); // once, as a trial after its last epoch
                } catch (IllegalStateException e) { // a metric that threw or was not finite: a trial would be FAILED
                    out.println("note: " + e.getMessage() + "; stored without the model's declared metrics");
                }
            }
            String headline = user != null ? user.headline() : TestMetrics.headline(config, data);

            Map<String, Object> doc = sidecar(sweep, winner, config, sha, table, trained);
            doc.put("epochs", epochs);
            doc.put("rows_trained_on", rows);
            doc.put("examples_made", done.examples());
            doc.put("workers", workers);
            doc.put("batch_size_per_worker", batch);
            doc.put("averaging_frequency", o.averagingFrequency());
            doc.put("training_master", DataParallelTraining.PARAMETER_AVERAGING);
            doc.put("rdd_training_approach", done.approach().label());
            doc.put("spark_master", spark.master());
            doc.put("train_seconds", trainSeconds);
            if (sweep.dataset() != null && sweep.dataset().isTable()) {
                doc.put("encoding_statistics", storedStatistics ? "stored by the sweep" : "computed again");
            }
            doc.put("headline", headline);
            doc.put("metrics", metrics);
            doc.put("sweep_metrics", sweepMetrics(s));
            doc.put("learning_curve", curves.asMap());
            Path dir = output.networks().modelsDir();
            Path zip = new Path(dir, modelName(s.configId()) + ".zip");
            Path json = new Path(dir, modelName(s.configId()) + ".json");
            try {
                AtomicFiles.write(hadoop, zip, stream -> ModelSerializer.writeModel(trained.model(), stream, false));
                byte[] bytes = JSON.writeValueAsBytes(doc);
                AtomicFiles.write(hadoop, json, stream -> stream.write(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot store the retrained network in " + dir + ": " + e.getMessage(), e);
            }
            out.println(comparison(s, metrics, headline));
            out.printf(
                    Locale.ROOT, "model: %s%nsidecar: %s  [%.0fs]%n", zip, json, (System.nanoTime() - started) / 1e9);
            writeReport(output, sweep, results, out);
            return new Stored(zip, json, metrics, storedStatistics);
        } finally {
            if (attached == null) {
                spark.stop();
            }
        }
    }

    /**
     * Where the configuration's user model comes from: the one given in code, else its class by name.
     *
     * @throws BadInputException the model cannot be made here (no class on the class path, no
     *                           public constructor, another model than the sweep's given in code)
     */
    private static ModelSource modelSource(Config config, ModelSource given, String configId) {
        String name = config.modelClass();
        if (given != null && !given.name().equals(name)) {
            throw new BadInputException("retrain: configuration " + configId + " is of the model " + name + ", not of "
                    + given.name() + " given in code");
        }
        ModelSource source = given != null ? given : UserModels.byName(name);
        try {
            source.newInstance();
        } catch (ModelResolver.Refusal e) {
            throw new BadInputException("retrain: configuration " + configId + ": " + e.getMessage()
                    + (given == null ? "; a model made in code retrains through Sweeps.retrain" : ""));
        }
        return source;
    }

    private static UserModelRetraining userModel(ModelSource model, Config config, TrialSpec trial, TrainingData data) {
        return user(
                () -> UserModelRetraining.of(model, config, trial.seed(), trial.trialId(), trial.repeat(), data),
                model);
    }

    /**
     * What the user's code does for retrain (make its data, read its iterators, build its network):
     * anything it throws is bad input, one line naming the model.
     */
    private static <T> T user(Supplier<T> step, ModelSource model) {
        try {
            return step.get();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("retrain: the model " + model.name() + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable t) {
        String message =
                t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t instanceof ModelResolver.Refusal
                ? message
                : t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /**
     * Rewrites the sweep's report so that it shows the retrained networks beside the sweep; a report that
     * cannot be written is a warning, not a failed retrain (the network is stored by then).
     */
    private static void writeReport(SweepOutput output, SweepDefinition sweep, StoredResults results, PrintStream out) {
        try {
            out.println("report: "
                    + output.writeReport(SweepReport.build(
                            sweep.name(),
                            sweep.description(),
                            results.trials(),
                            results.summary(),
                            null,
                            sweep.robustness(),
                            sweep.model() == null ? List.of() : sweep.model().metrics(),
                            RetrainedModel.parseAll(output.networks().retrainedSidecars()))));
        } catch (RuntimeException e) {
            out.println("warning: the report could not be rewritten (" + e.getMessage() + "); `sparksweep report "
                    + output.root() + "` writes it");
        }
    }

    /** {@code [ 2/10] train loss 0.2113  test acc 0.9612  loss 0.1321  (4.2 s)}. */
    static String epochLine(int epoch, int epochs, double score, Map<String, Double> m, double seconds) {
        int width = String.valueOf(epochs).length();
        StringBuilder sb = new StringBuilder(
                String.format(Locale.ROOT, "[%" + width + "d/%d] train loss %s", epoch, epochs, Numbers.metric(score)));
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (!e.getKey().startsWith("train_")) {
                sb.append("  ").append(e.getKey()).append(' ').append(Numbers.metric(e.getValue()));
            }
        }
        return sb.append(String.format(Locale.ROOT, "  (%.1f s)", seconds)).toString();
    }

    /** The retrained figure beside the sweep's mean and spread over the repeats for the same metric. */
    static String comparison(ConfigSummary s, Map<String, Double> metrics, String headline) {
        Double now = metrics.get(headline);
        Map<String, Object> sweep = sweepMetrics(s);
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) sweep.get(headline);
        String was = before == null
                ? "(the sweep stored no " + headline + ")"
                : String.format(
                        Locale.ROOT,
                        "its sweep: %s mean over %s OK repeat(s), std %s",
                        Numbers.metric((Double) before.get("mean")),
                        before.get("n"),
                        before.get("std") == null ? "-" : Numbers.metric((Double) before.get("std")));
        return "retrained " + headline + " " + (now == null ? "-" : Numbers.metric(now)) + "; " + was;
    }

    /** The sweep's statistics of the configuration, per test metric: mean, std, min, max and n. */
    static Map<String, Object> sweepMetrics(ConfigSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "test_accuracy", s.testAccuracy());
        put(out, "test_loss", s.testLoss());
        s.metrics().forEach((name, m) -> {
            if (name.startsWith("test_") || name.startsWith("reconstruction_")) {
                put(out, name, m);
            }
        });
        return out;
    }

    private static void put(Map<String, Object> out, String name, MetricSummary m) {
        if (m == null || m.mean() == null) {
            return;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("mean", m.mean());
        v.put("std", m.std());
        v.put("min", m.min());
        v.put("max", m.max());
        v.put("n", m.n());
        out.put(name, v);
    }

    /**
     * What every sidecar of models/ says (as a kept trial's), and {@code retrained: true}; the trial
     * whose seed (and, for a user's model, whose TrialContext) the network was built with.
     */
    private static Map<String, Object> sidecar(
            SweepDefinition sweep, Winner winner, Config config, String sha, TableDataset table, Net net) {
        TrialResult t = winner.trial();
        boolean graph = net.model() instanceof ComputationGraph;
        boolean ownData = sweep.dataset() == null;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("retrained", true);
        doc.put("sweep", sweep.name());
        doc.put("config_id", winner.summary().configId());
        doc.put("rank", winner.summary().rank());
        doc.put("trial_id", t.spec().trialId());
        doc.put("repeat", t.spec().repeat());
        doc.put("seed", t.spec().seed());
        Map<String, Object> values = new TreeMap<>();
        for (ParameterKey h : config.keys()) {
            values.put(h.key(), config.get(h));
        }
        doc.put("configuration", values);
        if (config.isUserModel()) {
            doc.put("model_class", config.modelClass());
        }
        doc.put("network", graph ? "ComputationGraph" : "MultiLayerNetwork");
        // a model that supplies its own data has no dataset: the class stands in (evaluate reads it so)
        doc.put("dataset", ownData ? config.modelClass() : sweep.dataset().label());
        doc.put(
                "input",
                ownData
                        ? "what the model's own iterators give (SuppliesData); `sparksweep evaluate` scores it on "
                                + "their test part"
                        : table != null
                                ? "one row per example: the table's columns encoded as `preprocessing` says (what "
                                        + "`sparksweep predict` does with a raw table)"
                                : "one row per image: its pixels row by row, "
                                        + (config.normalizeInput() ? "each divided by 255" : "raw 0-255 values"));
        doc.put("dataset_sha256", sha != null ? sha : t.provenance().datasetSha256());
        doc.put("sweep_sha256", t.provenance().sweepSha256());
        if (table != null) {
            doc.put("preprocessing", table.preprocessing().toJson());
        }
        doc.put("sparksweep_version", Versions.sparksweep());
        doc.put(
                "load_with",
                "org.deeplearning4j.util.ModelSerializer."
                        + (graph ? "restoreComputationGraph" : "restoreMultiLayerNetwork") + "(file, false)");
        return doc;
    }

    /** The learning curve: one value per epoch of each metric. */
    private static final class Curves {
        private final List<Double> trainLoss = new ArrayList<>();
        private final List<Double> epochSeconds = new ArrayList<>();
        private final Map<String, List<Double>> metrics = new LinkedHashMap<>();
        private Map<String, Double> last = Map.of();

        void add(double score, double seconds, Map<String, Double> m) {
            trainLoss.add(score);
            epochSeconds.add(seconds);
            m.forEach(
                    (k, v) -> metrics.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            last = m;
        }

        Map<String, Double> last() {
            return last;
        }

        Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("train_loss", trainLoss);
            metrics.forEach(out::put);
            out.put("epoch_seconds", epochSeconds);
            return out;
        }
    }
}
