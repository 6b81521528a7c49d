package io.sparksweep.cli;

import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetFiles;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.report.RobustnessChart;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.Robustness;
import io.sparksweep.spark.TablePredictor;
import io.sparksweep.stats.Numbers;
import io.sparksweep.train.Net;
import io.sparksweep.train.NetworkProbe;
import io.sparksweep.train.NoisyEvaluation;
import io.sparksweep.train.OwnDataEvaluation;
import io.sparksweep.train.StoredNet;
import io.sparksweep.train.TableMetrics;
import io.sparksweep.train.TrainingData;
import io.sparksweep.trial.Metrics;
import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sparksweep evaluate --model M.zip [--denoiser D.zip] --dataset mnist --noise salt_and_pepper
 * --levels 0:1:21 --out DIR}: a stored DL4J classifier (a sweep's {@code models/<trial_id>.zip}, or any
 * {@code MultiLayerNetwork} with one softmax output per class, or a user's {@code ComputationGraph} of one
 * input and one output) on the test set corrupted at each level,
 * with the same seeded noise as a sweep's robustness block; with a denoiser (any network whose output
 * has the input's size, e.g. a denoising autoencoder), the corrupted images pass through it first.
 * Prints the table and writes it as CSV with a PNG of accuracy and mean per-class recall. Trains
 * nothing and starts no Spark.
 *
 * <p>A model trained on a table ({@code evaluate --model M.zip --input T.csv}) is scored on that labelled
 * table with the preprocessing its sidecar keeps, through Spark ({@link TablePredictor#evaluate}): accuracy
 * and log loss, or RMSE, MAE and R².
 *
 * <p>A user's model that brought its own data ({@code SuppliesData}; its sidecar's {@code dataset} is its
 * {@code model_class}) is scored on that model's own test and validation iterators (DataSetIterators, or
 * MultiDataSetIterators for a graph of any number of inputs and outputs), which the class
 * (on the class path or in {@code --jars}) gives for the kept trial's hyperparameters and seed
 * ({@link OwnDataEvaluation}): the figures its sweep stored, printed beside them.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluates a stored DL4J classifier (optionally behind a denoiser) on the test set corrupted at each noise level; "
                        + "prints the table, writes it as CSV and PNG. A table model: its test metrics on a labelled table (--input).")
final class EvaluateCommand implements Callable<Integer> {

    static final String DEFAULT_DATASET = "mnist";

    @Option(
            names = "--model",
            paramLabel = "M.zip",
            required = true,
            description = "the classifier: a DL4J MultiLayerNetwork zip (or a user's ComputationGraph of one input and "
                    + "one output), e.g. <out>/<sweep>/models/<trial_id>.zip")
    String model;

    @Option(
            names = "--denoiser",
            paramLabel = "D.zip",
            description =
                    "optional: a DL4J MultiLayerNetwork whose output has the input's size; the corrupted images pass through it first")
    String denoiser;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description =
                    "mnist, fashion-mnist or idx:<dir>; its test set is used. Default: the dataset the model's JSON sidecar "
                            + "names, else " + DEFAULT_DATASET)
    String dataset;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "directory with the dataset's IDX files; default: $SPARKSWEEP_DATA_DIR, then the cache, then a verified download")
    String dataDir;

    @Option(
            names = "--noise",
            paramLabel = "TYPE",
            defaultValue = "salt_and_pepper",
            description =
                    "salt_and_pepper (level = fraction of values replaced by 0 or 1) or gaussian (level = std). Default: ${DEFAULT-VALUE}")
    String noise;

    @Option(
            names = "--levels",
            paramLabel = "LEVELS",
            defaultValue = "0:1:21",
            description =
                    "start:stop:count (0:1:21 = 0, 0.05, ..., 1) or a comma list (0,0.1,0.5). Default: ${DEFAULT-VALUE}")
    String levels;

    @Option(
            names = "--normalize-input",
            paramLabel = "true|false",
            arity = "1",
            description =
                    "whether the model takes pixels / 255 (true) or raw 0-255 values; default: the model's JSON sidecar "
                            + "(normalize_input of its configuration), else true")
    Boolean normalizeInput;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "local folder for the CSV and PNG (images; required there); for a table model, metrics.json")
    String out;

    @Option(
            names = "--input",
            paramLabel = "TABLE",
            description = "a table model: the labelled table to score (CSV or Parquet, any Hadoop URI)")
    String input;

    @Option(
            names = "--format",
            paramLabel = "csv|parquet",
            description =
                    "a table model: the input's format; default: parquet for .parquet or a folder of it, else csv")
    String format;

    @Option(
            names = "--ignore-unknown-categories",
            description = "a table model: encode a category training never saw as all zeros instead of refusing")
    boolean ignoreUnknownCategories;

    @Option(
            names = "--jars",
            paramLabel = "A.jar,B.jar",
            split = ",",
            description = "a user's model that supplied its own data: the jars with its class (as the sweep's --jars)")
    List<String> jars;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "a table model: Spark master for scoring (default: spark-submit's, else local[*])")
    String master;

    @Override
    public Integer call() {
        run(System.out);
        return 0;
    }

    void run(PrintStream console) {
        NoiseType noiseType;
        try {
            noiseType = NoiseType.byKey(noise);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--noise: must be salt_and_pepper or gaussian (got '" + noise + "')");
        }
        List<Double> parsed;
        try {
            parsed = Robustness.parseLevels(levels);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--levels: " + e.getMessage());
        }
        String problem = Robustness.problem(noiseType, parsed);
        if (problem != null) {
            throw new BadInputException("--levels " + levels + ": " + problem);
        }
        Robustness robustness = new Robustness(noiseType, parsed);
        Path modelFile = Path.of(model);
        JsonNode sidecar = sidecar(modelFile);
        if (jars != null) {
            UserJars.install(jars);
        }
        if (dataset == null && suppliedItsOwnData(sidecar)) {
            evaluateOwnData(modelFile, sidecar, console);
            return;
        }
        if (trainedOnATable(sidecar)) {
            evaluateTable(modelFile, sidecar, console);
            return;
        }
        if (input != null) {
            throw new BadInputException(
                    "--input: " + modelFile + " was trained on images; --dataset names its test set");
        }
        if (out == null) {
            throw new BadInputException("--out DIR is required: the folder for the CSV and PNG");
        }
        DatasetChoice choice = chooseDataset(dataset, sidecar, modelFile);
        DatasetSpec spec = DatasetSpec.parse(choice.dataset());
        if (spec == null || spec.isTable()) {
            throw new BadInputException(
                    "--dataset: must be mnist, fashion-mnist or idx:<directory> (got '" + choice.dataset() + "')");
        }
        console.println("dataset: " + choice.dataset() + " (" + choice.why() + ")");

        Path denoiserFile = denoiser == null ? null : Path.of(denoiser);
        Net classifier = load(modelFile);
        Net autoencoder = denoiserFile == null ? null : load(denoiserFile);
        boolean normalize = normalizeInput != null
                ? normalizeInput
                : sidecar == null
                        || !sidecar.path("configuration").has("normalize_input")
                        || sidecar.path("configuration").path("normalize_input").asBoolean(true);

        DatasetResolver.Resolved where = DatasetResolver.resolve(spec, dataDir);
        ImageDataset images = DatasetCache.get(where.location(), where.knownName(), null);
        TrainingData data = TrainingData.of(images, normalize, null, 0);
        int f = data.features(), k = data.numClasses();
        requireOutputs(classifier, modelFile, f, k, "the dataset's " + k + " classes");
        if (autoencoder != null) {
            requireOutputs(
                    autoencoder, denoiserFile, f, f, "the input's " + f + " values (a denoiser returns an image)");
        }
        String storedSha =
                sidecar == null ? null : sidecar.path("dataset_sha256").asText(null);
        console.printf(
                "evaluate %s%s on %s: %d test images, %dx%d, %d classes, pixels %s; %s noise at %d level(s)%n",
                modelFile,
                autoencoder == null ? "" : " behind the denoiser " + denoiserFile,
                spec.label(),
                data.test().size(),
                data.rows(),
                data.cols(),
                k,
                normalize ? "scaled to [0, 1]" : "raw 0-255",
                noiseType.key(),
                parsed.size());
        if (storedSha != null && !storedSha.equals(images.sha256())) {
            console.printf(
                    "note: the model was trained on a dataset with SHA-256 %s..., this one is %s...%n",
                    storedSha.substring(0, Math.min(12, storedSha.length())),
                    images.sha256().substring(0, 12));
        }

        long t0 = System.nanoTime();
        List<NoisyEvaluation.Level> result =
                NoisyEvaluation.ofStoredModels(classifier, autoencoder, data.test(), f, k, robustness);
        console.printf("%-10s %-10s %-12s%n", "level", "accuracy", "mean recall");
        for (NoisyEvaluation.Level l : result) {
            console.printf(
                    Locale.ROOT,
                    "%-10s %-10.4f %-12.4f%n",
                    Robustness.canonical(l.level()),
                    l.accuracy(),
                    l.meanRecall());
        }

        Path dir = Path.of(out);
        String stem = stem(modelFile) + (denoiserFile == null ? "" : "+" + stem(denoiserFile)) + "-" + noiseType.key();
        Path csv = dir.resolve(stem + ".csv"), png = dir.resolve(stem + ".png");
        try {
            Files.createDirectories(dir);
            Files.writeString(csv, csv(result, noiseType, k), StandardCharsets.UTF_8);
            double[] x =
                    result.stream().mapToDouble(NoisyEvaluation.Level::level).toArray();
            Files.write(
                    png,
                    RobustnessChart.evaluationPng(
                            stem(modelFile) + (autoencoder == null ? "" : " behind " + stem(denoiserFile)) + " on "
                                    + spec.label() + " test images",
                            robustness.axisLabel(),
                            x,
                            result.stream()
                                    .mapToDouble(NoisyEvaluation.Level::accuracy)
                                    .toArray(),
                            result.stream()
                                    .mapToDouble(NoisyEvaluation.Level::meanRecall)
                                    .toArray()));
        } catch (IOException e) {
            throw new BadInputException("cannot write to " + dir + ": " + e.getMessage(), e);
        }
        console.printf(
                Locale.ROOT,
                "csv: %s%npng: %s%n(%.1f s; noise seeded per level, as a sweep's robustness block: the same corrupted images)%n",
                csv,
                png,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Columns: noise, level, accuracy, mean_recall (over the classes in the test set), recall_0 .. recall_{k-1}. */
    static String csv(List<NoisyEvaluation.Level> result, NoiseType noise, int k) {
        StringBuilder sb = new StringBuilder("noise,level,accuracy,mean_recall");
        for (int c = 0; c < k; c++) {
            sb.append(",recall_").append(c);
        }
        sb.append('\n');
        for (NoisyEvaluation.Level l : result) {
            sb.append(noise.key())
                    .append(',')
                    .append(Robustness.canonical(l.level()))
                    .append(',')
                    .append(l.accuracy())
                    .append(',')
                    .append(l.meanRecall());
            for (double r : l.recall()) {
                sb.append(',').append(Double.isNaN(r) ? "" : String.valueOf(r));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * A DL4J MultiLayerNetwork, or a ComputationGraph of one input and one output (a user's network, as
     * its zip's configuration says), or one line saying why the file is neither.
     */
    static Net load(Path file) {
        return load(file, false);
    }

    /** As {@link #load(Path)}; with {@code anyShape}, a graph of any number of inputs and outputs. */
    private static Net load(Path file, boolean anyShape) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        try {
            byte[] zip = Files.readAllBytes(file);
            return anyShape ? StoredNet.restoreAnyShape(zip) : StoredNet.restore(zip);
        } catch (IOException e) {
            throw new BadInputException(file + ": not readable (" + NetworkProbe.firstLine(e) + ")", e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** One example of zeros through the network: it must take f inputs and give {@code outputs} values. */
    private static void requireOutputs(Net net, Path file, int f, int outputs, String what) {
        long got;
        try {
            got = NetworkProbe.outputs(net, f);
        } catch (RuntimeException e) {
            String why = NetworkProbe.firstLine(e);
            throw new BadInputException(
                    file + ": the network does not take this dataset's images of " + f + " values (" + why + ")", e);
        }
        if (got != outputs) {
            throw new BadInputException(file + ": the network gives " + got + " outputs per image; it needs " + what);
        }
    }

    /** Whether the model's sidecar says it was trained on a table (its {@code dataset} or its {@code preprocessing}). */
    static boolean trainedOnATable(JsonNode sidecar) {
        if (sidecar == null) {
            return false;
        }
        String named = sidecar.path("dataset").asText("");
        return sidecar.has("preprocessing") || named.startsWith("csv:") || named.startsWith("parquet:");
    }

    /**
     * A table model on a labelled table: its test metrics there (accuracy and log loss, or RMSE, MAE and
     * R²) beside the ones its sweep measured; with {@code --out}, also as {@code metrics.json}.
     */
    private void evaluateTable(Path modelFile, JsonNode sidecar, PrintStream console) {
        if (input == null) {
            throw new BadInputException(modelFile + ": trained on a table ("
                    + sidecar.path("dataset").asText("a table")
                    + "); give --input <a labelled table> to evaluate it there");
        }
        if (!sidecar.has("preprocessing")) {
            throw new BadInputException(modelFile + ": its sidecar keeps no preprocessing (a sweep before "
                    + "sparksweep kept it); rerun the sweep to score raw tables");
        }
        String fmt = format != null ? format : TablePredictor.defaultFormat(input);
        TableMetrics m = TablePredictor.evaluate(master, model, input, fmt, ignoreUnknownCategories);
        console.println("evaluate " + modelFile + " on " + input + ": " + m.describe());
        JsonNode stored = sidecar.path("metrics");
        String metric = m.accuracy() != null ? Metrics.TEST_ACCURACY : Metrics.TEST_RMSE;
        if (stored.has(metric) && !stored.get(metric).isNull()) {
            console.printf(
                    Locale.ROOT,
                    "its sweep measured %s %.4f on the sweep's test part%n",
                    metric,
                    stored.get(metric).asDouble());
        }
        if (out != null) {
            try {
                Files.createDirectories(Path.of(out));
                Path file = Path.of(out, "metrics.json");
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), m);
                console.println("written: " + file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Whether the model's sidecar says a user's class trained it on its own iterators: a sweep without
     * a dataset names the class as its {@code dataset}.
     */
    static boolean suppliedItsOwnData(JsonNode sidecar) {
        return sidecar != null
                && sidecar.hasNonNull("model_class")
                && sidecar.path("dataset")
                        .asText("")
                        .equals(sidecar.path("model_class").asText());
    }

    /**
     * A user's model on its own test (and validation) iterators, made by its class for the kept trial:
     * the figures beside the ones its sweep stored; with {@code --out}, also as {@code metrics.json}.
     */
    private void evaluateOwnData(Path modelFile, JsonNode sidecar, PrintStream console) {
        String className = sidecar.path("model_class").asText();
        String why = modelFile + " was trained on the own iterators of " + className;
        if (input != null) {
            throw new BadInputException("--input: " + why + "; evaluate scores it on their test part, without --input");
        }
        if (denoiser != null) {
            throw new BadInputException("--denoiser: " + why + "; a denoiser goes with --dataset (images)");
        }
        if (dataDir != null) {
            System.setProperty("sparksweep.data.dir", dataDir); // where the class looks, as in its sweep
        }
        // its own MultiDataSetIterators may feed a graph of several inputs and outputs: scoring checks the kinds
        Net net = load(modelFile, true);
        @SuppressWarnings("unchecked")
        Map<String, Object> configuration = new ObjectMapper().convertValue(sidecar.path("configuration"), Map.class);
        String trialId = sidecar.path("trial_id").asText();
        long seed = sidecar.path("seed").asLong();
        Map<String, Double> measured;
        try {
            measured = OwnDataEvaluation.score(
                    net,
                    className,
                    configuration == null ? Map.of() : configuration,
                    seed,
                    trialId,
                    sidecar.path("repeat").asInt());
        } catch (ModelResolver.Refusal e) {
            throw new BadInputException(modelFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the user's class (its data, its declarations) or its iterators not fitting the network
            throw new BadInputException(
                    modelFile + ": cannot score it on the own iterators of " + className + " ("
                            + e.getClass().getSimpleName() + ": " + NetworkProbe.firstLine(e) + ")",
                    e);
        } finally {
            net.release();
        }
        console.println("evaluate " + modelFile + " on the own iterators of " + className + " (trial " + trialId
                + ", seed " + seed + "): " + describe(measured));
        JsonNode stored = sidecar.path("metrics");
        Map<String, Double> sweep = new LinkedHashMap<>();
        measured.keySet().forEach(m -> {
            if (stored.hasNonNull(m)) {
                sweep.put(m, stored.get(m).asDouble());
            }
        });
        if (!sweep.isEmpty()) {
            console.println("its sweep measured " + describe(sweep) + " on the same iterators");
        }
        if (out != null) {
            try {
                Files.createDirectories(Path.of(out));
                Path file = Path.of(out, "metrics.json");
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), measured);
                console.println("written: " + file);
            } catch (IOException e) {
                throw new BadInputException("cannot write to " + out + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code test_accuracy 0.9100, test_loss 0.2301, ...}: the metrics under their column names. */
    private static String describe(Map<String, Double> metrics) {
        return String.join(
                ", ",
                metrics.entrySet().stream()
                        .map(e -> e.getKey() + " " + Numbers.metric(e.getValue()))
                        .toList());
    }

    /** The dataset to evaluate on, and why that one (the console says both). */
    record DatasetChoice(String dataset, String why) {}

    /**
     * {@code --dataset} if given; else the dataset the model's sidecar names: its {@code dataset} (mnist,
     * fashion-mnist or idx:<dir>), else its {@code dataset_sha256} when that is a known dataset's; else
     * mnist. A model trained on a table is refused (its sidecar's {@code dataset} is csv:/parquet:, or
     * its {@code input} is one row per example).
     */
    static DatasetChoice chooseDataset(String option, JsonNode sidecar, Path model) {
        String named = sidecar == null ? null : sidecar.path("dataset").asText(null);
        String input = sidecar == null ? "" : sidecar.path("input").asText("");
        // run() evaluates table models before it gets here; an older table sidecar says so only in "input"
        if ((named != null && (named.startsWith("csv:") || named.startsWith("parquet:")))
                || input.startsWith("one row per example")) {
            throw new BadInputException(model + ": trained on a table" + (named == null ? "" : " (" + named + ")")
                    + "; give --input <a labelled table> to evaluate it there");
        }
        if (option != null) {
            return new DatasetChoice(option, "from --dataset");
        }
        if (sidecar == null) {
            return new DatasetChoice(
                    DEFAULT_DATASET,
                    "the default: the model has no sidecar "
                            + sidecarFile(model).getFileName() + "; --dataset chooses another");
        }
        if (named != null && DatasetSpec.parse(named) != null) {
            return new DatasetChoice(named.trim(), "from the model's sidecar");
        }
        String known = DatasetFiles.knownNameOf(sidecar.path("dataset_sha256").asText(""));
        if (known != null) {
            return new DatasetChoice(known, "from the model's sidecar");
        }
        return new DatasetChoice(
                DEFAULT_DATASET,
                "the default: the model's sidecar names no dataset, and its dataset_sha256 is "
                        + "neither mnist's nor fashion-mnist's; --dataset chooses another");
    }

    private static Path sidecarFile(Path model) {
        String name = model.getFileName().toString();
        return model.resolveSibling((name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name) + ".json");
    }

    /** The JSON beside a kept model ({@code <trial_id>.json}, written by the sweep), or null. */
    private static JsonNode sidecar(Path model) {
        Path json = sidecarFile(model);
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new BadInputException(
                    json + ": not readable JSON ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
    }
}
