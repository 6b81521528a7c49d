package io.sparksweep.spark;

import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.train.Net;
import io.sparksweep.train.TableMetrics;
import io.sparksweep.train.TableScorer;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.SparkJobException;
import io.sparksweep.util.SweepException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scores a user's table with a model a table sweep kept ({@code <out>/<sweep>/models/<trial_id>.zip}
 * and its JSON sidecar): {@code sparksweep predict} ({@link #predict}) writes the table with the
 * model's predictions as Parquet, and {@link #evaluate} measures the model against a labelled table.
 * The rows are encoded exactly as training encoded its own, by the sidecar's {@code preprocessing}
 * block ({@link TablePreprocessing}), and scored on the executors: the model zip's bytes and the
 * preprocessing reach each executor as broadcasts, and each partition restores the network once and
 * runs its rows through it {@value TableScorer#BATCH} at a time ({@link TableScorer}). Problems with
 * the model, the table or the output folder are one-line {@link BadInputException}s (exit code 2),
 * found on the driver before anything is scored.
 */
public final class TablePredictor {

    /** The column with the predicted class (text) or number. */
    public static final String PREDICTION = "prediction";
    /** The prefix of a classifier's probability columns, one per class: {@code probability_<class>}. */
    public static final String PROBABILITY = "probability_";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
    /** Unseen categories named per column in a refusal. */
    private static final int SHOWN_VALUES = 5;

    private TablePredictor() {}

    /**
     * What {@code predict} is asked to do.
     *
     * @param model                   the model zip: a local path or a Hadoop URI; its sidecar is beside it
     * @param input                   the table to score: a CSV file, a Parquet file or a folder of either
     * @param out                     the folder the Parquet goes to; must not exist, or be empty
     * @param format                  {@code csv} or {@code parquet}; null: {@link #defaultFormat}
     * @param ignoreUnknownCategories score a category training never saw as all zeros instead of refusing the table
     * @param master                  the Spark master; null: spark-submit's, else {@code local[*]}
     */
    public record Options(
            String model, String input, String out, String format, boolean ignoreUnknownCategories, String master) {}

    /**
     * What {@code predict} did.
     *
     * @param rows            rows read and written
     * @param nullPredictions rows written without a prediction
     * @param perClass        classification: rows per predicted class, in the model's class order; null for regression
     * @param out             where the Parquet is
     */
    public record Result(long rows, long nullPredictions, Map<String, Long> perClass, String out) {}

    /** A kept model: its location, sidecar, preprocessing and zip bytes. */
    record Model(
            String location, String sidecarLocation, JsonNode sidecar, TablePreprocessing preprocessing, byte[] zip) {

        /** The trial id from the sidecar, else the file's name. */
        String name() {
            String file = location.substring(location.lastIndexOf('/') + 1);
            return sidecar.path("trial_id").asText(file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file);
        }
    }

    /**
     * Scores a table and writes it with its predictions as Parquet to {@code options.out}: the input's
     * columns as read (CSV: all text), then {@value #PREDICTION} (the class name, or for regression a
     * number in the label's units) and for classification {@code probability_<class>} per class. A row
     * with a missing value or text where a number belongs gets null predictions. Prints a short
     * summary to {@code console}.
     *
     * @throws BadInputException the model or its sidecar is missing or not a table model, the table
     *                           lacks a column the model needs or (unless ignored) holds a category
     *                           training never saw, or the output folder is not empty
     * @throws SparkJobException the Spark job failed
     */
    public static Result predict(Options options, PrintStream console) {
        long t0 = System.nanoTime();
        Model model = readModel(options.model());
        String format = format(options.format(), options.input());
        requireEmptyOutput(options.out());
        boolean running = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = start(options.master());
        try {
            TablePreprocessing pre = model.preprocessing();
            Dataset<Row> df = TableReader.load(spark, format, options.input());
            console.printf(
                    Locale.ROOT,
                    "model %s: %s, %d feature columns%s%n",
                    model.name(),
                    pre.classification()
                            ? "classifies '" + pre.label() + "' ("
                                    + pre.classes().size() + " classes: " + shortList(pre.classes()) + ")"
                            : "predicts '" + pre.label() + "' (regression)",
                    pre.columns().size(),
                    storedMetric(model.sidecar()));
            Dataset<Row> scored = scored(spark, model, df, options.input(), options.ignoreUnknownCategories(), console);
            String uri = DatasetResolver.toUri(options.out());
            job(() -> {
                scored.write().mode(SaveMode.Overwrite).parquet(uri); // checked empty above
                return null;
            });
            return summarize(spark, model, options, format, uri, df.columns().length, t0, console);
        } finally {
            if (!running) {
                spark.stop();
            }
        }
    }

    /**
     * A model's test metrics on a labelled table (the label column the preprocessing names), scored
     * as {@link #predict} scores: classification accuracy and log loss, regression RMSE, MAE and R².
     * Rows without a prediction or with a missing or unknown label are counted, not measured.
     *
     * @param spark                   the session to read and score with
     * @param modelZip                the model zip (its sidecar beside it)
     * @param input                   the labelled table
     * @param format                  {@code csv} or {@code parquet}; null: {@link #defaultFormat}
     * @param ignoreUnknownCategories score unseen categories as all zeros instead of refusing the table
     * @throws BadInputException as {@link #predict}, or the table has no label column
     */
    public static TableMetrics evaluate(
            SparkSession spark, String modelZip, String input, String format, boolean ignoreUnknownCategories) {
        Model model = readModel(modelZip);
        TablePreprocessing pre = model.preprocessing();
        Dataset<Row> df = TableReader.load(spark, format(format, input), input);
        if (!Arrays.asList(df.columns()).contains(pre.label())) {
            throw new BadInputException(input + ": no label column '" + pre.label()
                    + "' to measure the model against; the columns are: " + String.join(", ", df.columns()));
        }
        Dataset<Row> scored = scored(spark, model, df, input, ignoreUnknownCategories, null);
        StructType schema = scored.schema();
        int label = schema.fieldIndex(pre.label());
        int prediction = schema.fieldIndex(PREDICTION);
        int[] probability = pre.classification()
                ? pre.classes().stream()
                        .mapToInt(c -> schema.fieldIndex(PROBABILITY + c))
                        .toArray()
                : null;
        JavaRDD<Row> rows = scored.javaRDD();
        List<TableMetrics.Sums> parts =
                job(() -> rows.mapPartitions((FlatMapFunction<Iterator<Row>, TableMetrics.Sums>) it -> {
                            TableMetrics.Sums s = new TableMetrics.Sums(pre.classification());
                            while (it.hasNext()) {
                                add(s, it.next(), pre, label, prediction, probability);
                            }
                            return List.of(s).iterator();
                        })
                        .collect());
        TableMetrics.Sums total = new TableMetrics.Sums(pre.classification());
        parts.forEach(total::merge);
        return total.metrics();
    }

    /**
     * {@link #evaluate(SparkSession, String, String, String, boolean)} in a Spark application of its own
     * (master: null for spark-submit's, else {@code local[*]}), stopped again; for the command line,
     * which stays free of Spark's API.
     */
    public static TableMetrics evaluate(
            String master, String modelZip, String input, String format, boolean ignoreUnknownCategories) {
        readModel(modelZip); // its problems before Spark's start-up
        boolean running = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = start(master);
        try {
            return evaluate(spark, modelZip, input, format, ignoreUnknownCategories);
        } finally {
            if (!running) {
                spark.stop();
            }
        }
    }

    private static void add(
            TableMetrics.Sums s, Row row, TablePreprocessing pre, int label, int prediction, int[] probability) {
        if (row.isNullAt(prediction)) {
            s.unscored();
            return;
        }
        Object cell = row.get(label);
        if (pre.classification()) {
            int c = TableScorer.labelClass(pre, cell);
            if (c == -2) {
                s.missingLabel();
            } else if (c == -1) {
                s.badLabel();
            } else {
                double[] p = new double[probability.length];
                for (int j = 0; j < p.length; j++) {
                    p[j] = row.getDouble(probability[j]);
                }
                s.classified(c, p);
            }
            return;
        }
        if (cell == null || (cell instanceof String text && pre.isMissing(text))) {
            s.missingLabel();
            return;
        }
        Double y = TableScorer.number(cell);
        if (y == null) {
            s.badLabel();
        } else {
            s.predicted(y, row.getDouble(prediction));
        }
    }

    /**
     * The format of a table named without {@code --format}: parquet for a path ending in .parquet or a
     * folder holding Parquet files (as Spark writes them, partition folders included), else csv.
     */
    public static String defaultFormat(String input) {
        String path = input.endsWith("/") ? input.substring(0, input.length() - 1) : input;
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return "parquet";
        }
        if (lower.endsWith(".csv")) {
            return "csv";
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(DatasetResolver.toUri(path));
        try (FileSystem fs = FileSystem.newInstance(p.toUri(), new Configuration())) {
            if (fs.getFileStatus(p).isDirectory() && holdsParquet(fs, p, 3)) {
                return "parquet";
            }
        } catch (IOException | RuntimeException e) {
            // not there or not readable: csv, and reading it says what is wrong
        }
        return "csv";
    }

    private static boolean holdsParquet(FileSystem fs, org.apache.hadoop.fs.Path dir, int depth) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (s.isFile() && name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                return true;
            }
            if (s.isDirectory() && depth > 1 && holdsParquet(fs, s.getPath(), depth - 1)) {
                return true;
            }
        }
        return false;
    }

    private static String format(String option, String input) {
        if (option == null) {
            return defaultFormat(input);
        }
        String f = option.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("parquet")) {
            throw new BadInputException("--format: csv or parquet (got '" + option + "')");
        }
        return f;
    }

    /**
     * The model zip, its sidecar ({@code <trial_id>.json} beside it) and the sidecar's preprocessing,
     * with the network checked against it; every problem one line.
     */
    static Model readModel(String location) {
        String base = location.endsWith(".zip") ? location.substring(0, location.length() - 4) : location;
        String sidecarLocation = base + ".json";
        byte[] zip = read(location);
        if (zip == null) {
            throw new BadInputException(location + ": no such file");
        }
        byte[] json = read(sidecarLocation);
        if (json == null) {
            throw new BadInputException(location + ": no sidecar " + sidecarLocation
                    + " beside it; predict needs the JSON a table sweep keeps next to each model");
        }
        JsonNode sidecar;
        try {
            sidecar = JSON.readTree(json);
        } catch (IOException e) {
            throw new BadInputException(
                    sidecarLocation + ": not readable JSON ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")",
                    e);
        }
        JsonNode block = sidecar == null ? null : sidecar.get("preprocessing");
        if (block == null || !block.isObject()) {
            String dataset = sidecar == null ? null : sidecar.path("dataset").asText(null);
            throw new BadInputException(location + ": its sidecar has no preprocessing block, so it is not a model of "
                    + "a table sweep" + (dataset == null ? "" : " (it was trained on " + dataset + ")")
                    + "; predict scores table models only");
        }
        TablePreprocessing preprocessing;
        try {
            preprocessing = TablePreprocessing.fromJson(block);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(sidecarLocation + ": " + e.getMessage(), e);
        }
        try {
            Net net = TableScorer.restore(zip);
            TableScorer.requireFits(net, preprocessing);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(location + ": " + e.getMessage(), e);
        }
        return new Model(location, sidecarLocation, sidecar, preprocessing, zip);
    }

    /** A file's bytes (a local path or a Hadoop URI), or null when there is no such file. */
    private static byte[] read(String location) {
        try {
            if (URI.matcher(location).matches()) {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
                try (FileSystem fs = FileSystem.newInstance(path.toUri(), new Configuration());
                        InputStream in = fs.open(path)) {
                    return in.readAllBytes();
                }
            }
            java.nio.file.Path path = java.nio.file.Path.of(location);
            return Files.isRegularFile(path) ? Files.readAllBytes(path) : null;
        } catch (NoSuchFileException | FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new BadInputException(location + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Refuses an output folder that exists and holds anything: predict never overwrites. */
    private static void requireEmptyOutput(String out) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(DatasetResolver.toUri(out));
        boolean empty;
        try (FileSystem fs = FileSystem.newInstance(p.toUri(), new Configuration())) {
            if (!fs.exists(p)) {
                return;
            }
            FileStatus status = fs.getFileStatus(p);
            empty = status.isDirectory() && fs.listStatus(p).length == 0;
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot check it: " + e.getMessage(), e);
        }
        if (!empty) {
            throw new BadInputException(
                    "--out " + out + ": exists and is not empty; predict writes only to a new or empty folder");
        }
    }

    /**
     * Spark for predict or evaluate: spark-submit's master, else {@code local[*]}; no UI. A session
     * already running in this JVM is used as it is (and left running).
     */
    private static SparkSession start(String master) {
        SparkConf conf = new SparkConf().setAppName("sparksweep predict");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // spark-submit sets spark.master; a plain java launch gets local mode
        }
        MasterCheck.requireReachable(conf.get("spark.master"));
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * The table with its predictions, as a lazy Dataset: the input's columns, then {@value #PREDICTION}
     * and (classification) the probabilities. Refuses, before scoring, a table lacking a column the
     * model needs and (unless ignored) one holding a category training never saw; with {@code console},
     * says how many rows hold such categories when they are ignored.
     */
    private static Dataset<Row> scored(
            SparkSession spark,
            Model model,
            Dataset<Row> df,
            String input,
            boolean ignoreUnknownCategories,
            PrintStream console) {
        TablePreprocessing pre = model.preprocessing();
        List<String> columns = Arrays.asList(df.columns());
        List<String> missing =
                pre.columnNames().stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(input + ": no column" + (missing.size() == 1 ? " " : "s ")
                    + missing.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
                    + ", which the model needs"
                    + "; the columns are: " + String.join(", ", columns));
        }
        List<StructField> added = new ArrayList<>();
        if (pre.classification()) {
            added.add(DataTypes.createStructField(PREDICTION, DataTypes.StringType, true));
            pre.classes()
                    .forEach(c -> added.add(DataTypes.createStructField(PROBABILITY + c, DataTypes.DoubleType, true)));
        } else {
            added.add(DataTypes.createStructField(PREDICTION, DataTypes.DoubleType, true));
        }
        for (StructField f : added) {
            for (String c : columns) {
                if (c.equalsIgnoreCase(f.name())) {
                    throw new BadInputException(
                            input + ": already has a column '" + c + "', which predict adds; rename it in the table");
                }
            }
        }
        String unknown = unknownCategories(df, pre, input);
        if (unknown != null) {
            if (!ignoreUnknownCategories) {
                throw new BadInputException(unknown + "; --ignore-unknown-categories scores them as all zeros");
            }
            if (console != null) {
                console.println("note: " + unknown + "; scored as all zeros (--ignore-unknown-categories)");
            }
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> zip = jsc.broadcast(model.zip());
        Broadcast<String> preprocessing = jsc.broadcast(pre.toJson().toString());
        int[] features =
                pre.columns().stream().mapToInt(c -> columns.indexOf(c.name())).toArray();
        StructField[] fields = df.schema().fields();
        List<StructField> all = new ArrayList<>(Arrays.asList(fields));
        all.addAll(added);
        JavaRDD<Row> rows =
                df.javaRDD().mapPartitions(new Score(zip, preprocessing, features, ignoreUnknownCategories));
        return spark.createDataFrame(rows, DataTypes.createStructType(all));
    }

    /**
     * One line naming, per categorical column, up to {@value #SHOWN_VALUES} values training never saw
     * (most frequent first) and the rows holding them; null when there are none. Cells compare as
     * {@link TablePreprocessing#encode} compares them: trimmed, missing-value markers aside.
     */
    static String unknownCategories(Dataset<Row> df, TablePreprocessing pre, String input) {
        List<TablePreprocessing.FeatureColumn> categorical = pre.columns().stream()
                .filter(c -> c.kind() == TablePreprocessing.Kind.CATEGORICAL)
                .toList();
        if (categorical.isEmpty()) {
            return null;
        }
        Object[] na = pre.naValues().stream()
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .toArray();
        List<Column> unknownIn = new ArrayList<>();
        List<Column> counts = new ArrayList<>();
        for (TablePreprocessing.FeatureColumn c : categorical) {
            Column raw = df.col(TableReader.quote(c.name()));
            // Java's String.trim: every character up to the space
            Column text = functions.regexp_replace(raw.cast("string"), "^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
            Column isMissing = raw.isNull();
            if (na.length > 0) {
                isMissing = isMissing.or(functions.lower(text).isin(na));
            }
            Column unknown = functions
                    .not(isMissing)
                    .and(functions.not(text.isin(c.categories().toArray())));
            unknownIn.add(unknown);
            counts.add(functions.sum(functions.when(unknown, 1).otherwise(0)));
        }
        Row totals =
                job(() -> df.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0]))
                        .first());
        List<String> parts = new ArrayList<>();
        long rows = 0;
        for (int j = 0; j < categorical.size(); j++) {
            long n = totals.isNullAt(j) ? 0 : totals.getLong(j);
            if (n == 0) {
                continue;
            }
            rows += n;
            TablePreprocessing.FeatureColumn c = categorical.get(j);
            Column text = functions.regexp_replace(
                    df.col(TableReader.quote(c.name())).cast("string"), "^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
            Dataset<Row> values =
                    df.filter(unknownIn.get(j)).groupBy(text.as("value")).count();
            List<Row> top = job(() -> values.orderBy(functions.desc("count"), functions.asc("value"))
                    .limit(SHOWN_VALUES + 1)
                    .collectAsList());
            String shown = top.stream()
                    .limit(SHOWN_VALUES)
                    .map(r -> "'" + r.getString(0) + "' (" + r.getLong(1) + (r.getLong(1) == 1 ? " row)" : " rows)"))
                    .collect(Collectors.joining(", "));
            String more = top.size() > SHOWN_VALUES ? " and more (" + job(values::count) + " values in all)" : "";
            parts.add("column '" + c.name() + "' has " + shown + more);
        }
        if (parts.isEmpty()) {
            return null;
        }
        return input + ": " + rows + (rows == 1 ? " cell holds a category" : " cells hold categories")
                + " training never saw: " + String.join("; ", parts);
    }

    /** One partition: the network restored once, rows scored {@value TableScorer#BATCH} at a time. */
    private static final class Score implements FlatMapFunction<Iterator<Row>, Row> {
        private final Broadcast<byte[]> zip;
        private final Broadcast<String> preprocessing;
        private final int[] features;
        private final boolean ignoreUnknownCategories;

        Score(Broadcast<byte[]> zip, Broadcast<String> preprocessing, int[] features, boolean ignoreUnknownCategories) {
            this.zip = zip;
            this.preprocessing = preprocessing;
            this.features = features;
            this.ignoreUnknownCategories = ignoreUnknownCategories;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws IOException {
            if (!rows.hasNext()) {
                return Collections.emptyIterator();
            }
            NativeBuild.select();
            TablePreprocessing pre = TablePreprocessing.fromJson(JSON.readTree(preprocessing.value()));
            TableScorer scorer = new TableScorer(pre, TableScorer.restore(zip.value()), ignoreUnknownCategories);
            return new Iterator<>() {
                private final ArrayDeque<Row> ready = new ArrayDeque<>();

                @Override
                public boolean hasNext() {
                    if (ready.isEmpty() && rows.hasNext()) {
                        scoreBatch();
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.poll();
                }

                private void scoreBatch() {
                    List<Row> batch = new ArrayList<>(TableScorer.BATCH);
                    List<Object[]> values = new ArrayList<>(TableScorer.BATCH);
                    while (batch.size() < TableScorer.BATCH && rows.hasNext()) {
                        Row row = rows.next();
                        Object[] v = new Object[features.length];
                        for (int j = 0; j < features.length; j++) {
                            v[j] = row.get(features[j]);
                        }
                        batch.add(row);
                        values.add(v);
                    }
                    float[][] out = scorer.score(values);
                    for (int i = 0; i < batch.size(); i++) {
                        ready.add(withPrediction(batch.get(i), out[i], pre));
                    }
                }
            };
        }

        private static Row withPrediction(Row row, float[] out, TablePreprocessing pre) {
            int n = row.length();
            int extra = pre.classification() ? 1 + pre.classes().size() : 1;
            Object[] v = new Object[n + extra];
            for (int i = 0; i < n; i++) {
                v[i] = row.get(i);
            }
            if (out != null) {
                if (pre.classification()) {
                    v[n] = pre.classes().get(TableScorer.argmax(out));
                    for (int j = 0; j < out.length; j++) {
                        v[n + 1 + j] = (double) out[j];
                    }
                } else {
                    v[n] = pre.target(out[0]);
                }
            }
            return RowFactory.create(v);
        }
    }

    /** The lines people read after the Parquet is written, from the written Parquet itself. */
    private static Result summarize(
            SparkSession spark,
            Model model,
            Options options,
            String format,
            String uri,
            int inputColumns,
            long t0,
            PrintStream console) {
        TablePreprocessing pre = model.preprocessing();
        Dataset<Row> written = spark.read().parquet(uri);
        Column prediction = written.col(PREDICTION);
        long rows, nulls;
        Map<String, Long> perClass = null;
        Row range = null;
        if (pre.classification()) {
            List<Row> groups = job(() -> written.groupBy(prediction).count().collectAsList());
            Map<String, Long> byName = new LinkedHashMap<>();
            long none = 0, all = 0;
            for (Row g : groups) {
                all += g.getLong(1);
                if (g.isNullAt(0)) {
                    none += g.getLong(1);
                } else {
                    byName.put(g.getString(0), g.getLong(1));
                }
            }
            perClass = new LinkedHashMap<>();
            for (String c : pre.classes()) {
                perClass.put(c, byName.getOrDefault(c, 0L));
            }
            rows = all;
            nulls = none;
        } else {
            range = job(() -> written.agg(
                            functions.count(functions.lit(1)),
                            functions.count(prediction),
                            functions.min(prediction),
                            functions.avg(prediction),
                            functions.max(prediction))
                    .first());
            rows = range.getLong(0);
            nulls = rows - range.getLong(1);
        }
        console.printf(
                Locale.ROOT,
                "scored %d of %d rows of %s (%s) in %.1f s%n",
                rows - nulls,
                rows,
                options.input(),
                format,
                (System.nanoTime() - t0) / 1e9);
        console.printf(
                "written: %s (Parquet: the input's %d columns, %s)%n",
                options.out(),
                inputColumns,
                pre.classification() ? PREDICTION + ", " + PROBABILITY + "<class> per class" : PREDICTION);
        if (nulls > 0) {
            Map<Integer, Long> why = nullReasons(written, pre, options.ignoreUnknownCategories());
            String reasons = why.entrySet().stream()
                    .map(e -> (e.getKey() < 0
                                    ? "other"
                                    : pre.columns().get(e.getKey()).name()) + ": " + e.getValue())
                    .collect(Collectors.joining(", "));
            console.printf(
                    "%d %s null predictions: a missing value or text where a number belongs (%s)%n",
                    nulls, nulls == 1 ? "row has" : "rows have", reasons);
        } else {
            console.println("every row has a prediction");
        }
        if (perClass != null) {
            int width = Math.max(
                    "predicted class".length(),
                    pre.classes().stream().mapToInt(String::length).max().orElse(0));
            console.printf("%-" + width + "s  %8s%n", "predicted class", "rows");
            for (Map.Entry<String, Long> e : perClass.entrySet()) {
                console.printf(
                        Locale.ROOT,
                        "%-" + width + "s  %8d  (%.1f %%)%n",
                        e.getKey(),
                        e.getValue(),
                        rows == 0 ? 0.0 : 100.0 * e.getValue() / rows);
            }
        } else if (rows > nulls) {
            console.printf(
                    Locale.ROOT,
                    "predicted '%s': min %.6g, mean %.6g, max %.6g%n",
                    pre.label(),
                    range.getDouble(2),
                    range.getDouble(3),
                    range.getDouble(4));
        }
        return new Result(rows, nulls, perClass, options.out());
    }

    /** Rows without a prediction, by the first feature column the encoding could not take (-1: none of them). */
    private static Map<Integer, Long> nullReasons(Dataset<Row> written, TablePreprocessing pre, boolean ignore) {
        Column[] features = pre.columns().stream()
                .map(c -> written.col(TableReader.quote(c.name())))
                .toArray(Column[]::new);
        JavaRDD<Row> rows = written.filter(written.col(PREDICTION).isNull())
                .select(features)
                .javaRDD();
        Map<Integer, Long> counts = job(() -> rows.map(r -> {
                    Object[] v = new Object[r.length()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = r.get(j);
                    }
                    return TableScorer.badColumn(pre, v, ignore);
                })
                .countByValue());
        Map<Integer, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The sweep's own test metric of the model, from its sidecar, for the first line. */
    private static String storedMetric(JsonNode sidecar) {
        JsonNode m = sidecar.path("metrics");
        for (String name : new String[] {"test_accuracy", "test_rmse"}) {
            if (m.path(name).isNumber()) {
                return String.format(
                        Locale.ROOT,
                        "; %s %.4f in its sweep",
                        name.replace('_', ' '),
                        m.path(name).asDouble());
            }
        }
        return "";
    }

    private static String shortList(List<String> values) {
        return values.size() <= 6
                ? String.join(", ", values)
                : String.join(", ", values.subList(0, 5)) + ", ... " + values.get(values.size() - 1);
    }

    /** Runs a Spark action; its failure (not a refusal of ours) becomes a {@link SparkJobException}, exit code 1. */
    private static <T> T job(Supplier<T> action) {
        try {
            return action.get();
        } catch (SweepException e) {
            throw e;
        } catch (Exception e) { // SparkException is checked in Java's eyes, thrown unchecked from Scala
            throw new SparkJobException(e);
        }
    }
}
