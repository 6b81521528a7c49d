package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.RawTable;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TableEncoder;
import io.sparksweep.space.TableSpec;
import io.sparksweep.util.MemorySize;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a table with Spark on the driver ({@code spark.read}: CSV with a header row and inferred
 * types, or Parquet; any file system Spark knows) and hands its columns to {@link TableEncoder}.
 * Rows stream to the driver one partition at a time straight into primitive arrays, so the driver
 * never holds a table's worth of Row objects. Every problem is a one-line {@link DatasetException}.
 */
public final class TableReader {

    /** Bytes per value on the driver while reading: the raw columns, a partition of rows in flight, the encoded matrix. */
    private static final int DRIVER_BYTES_PER_VALUE = 16; // measured: 1M x 51 fails in a 1 GB heap, fits in 3 GB

    private TableReader() {}

    /**
     * Reads a table outside a sweep (export-table): Spark in local mode with one slot and no UI,
     * unless spark-submit set a master, stopped again once the table is read.
     */
    public static TableDataset readLocally(TableSpec spec, long seed, String appName) {
        SparkSession spark = SparkSession.builder()
                .config(new SparkConf()
                        .setIfMissing("spark.master", "local[1]")
                        .setIfMissing("spark.ui.enabled", "false")
                        .setAppName(appName))
                .getOrCreate();
        try {
            return read(spark, spec, seed);
        } finally {
            spark.stop();
        }
    }

    /** Reads and encodes a table with the given session ({@code spark.read}); the driver holds the result. */
    public static TableDataset read(SparkSession spark, TableSpec spec, long seed) {
        RawTable table = raw(spark, spec.format(), spec.path(), spec, spec.features());
        List<String> features =
                table.features().stream().map(RawTable.Column::name).toList();
        RawTable test = spec.test() == null ? null : raw(spark, spec.format(), spec.test(), spec, features);
        if (test != null) {
            sameKinds(table, test);
        }
        return TableEncoder.encode(table, test, spec, seed);
    }

    static RawTable raw(SparkSession spark, String format, String path, TableSpec spec, List<String> wanted) {
        String uri = DatasetResolver.toUri(path);
        Dataset<Row> df = load(spark, format, uri, path);
        List<String> columns = Arrays.asList(df.columns());
        if (columns.isEmpty()) {
            throw new DatasetException(path + ": no columns (an empty file?)");
        }
        if (!columns.contains(spec.label())) {
            throw new DatasetException(
                    path + ": no label column '" + spec.label() + "'; the columns are: " + String.join(", ", columns));
        }
        List<String> features = new ArrayList<>(wanted);
        if (features.isEmpty()) {
            columns.stream().filter(c -> !c.equals(spec.label())).forEach(features::add);
        }
        for (String f : features) {
            if (!columns.contains(f)) {
                throw new DatasetException(
                        path + ": no feature column '" + f + "'; the columns are: " + String.join(", ", columns));
            }
        }
        if (features.isEmpty()) {
            throw new DatasetException(
                    path + ": no feature columns: the table has only the label '" + spec.label() + "'");
        }
        Map<String, DataType> types = new LinkedHashMap<>();
        for (StructField f : df.schema().fields()) {
            types.put(f.name(), f.dataType());
        }
        for (String f : features) {
            DataType t = types.get(f);
            if (!(t instanceof NumericType || t instanceof BooleanType || t instanceof StringType)) {
                throw new DatasetException(path + ": feature column '" + f + "' is " + t.simpleString()
                        + "; features must be numbers, booleans or text (list the others under features:)");
            }
        }
        RawTable.LabelKind labelKind = labelKind(types.get(spec.label()), spec.label(), path);

        List<Column> selected = new ArrayList<>();
        selected.add(df.col(quote(spec.label())));
        features.forEach(f -> selected.add(df.col(quote(f))));
        Dataset<Row> rows = df.select(selected.toArray(new Column[0]));
        long n = spark(() -> rows.count(), path);
        if (n == 0) {
            throw new DatasetException(
                    path + ": the table is empty (no rows" + (format.equals("csv") ? " under the header)" : ")"));
        }
        requireDriverMemory(n, features.size() + 1, path);
        return collect(rows, (int) n, spec, features, types, labelKind, path);
    }

    private static Dataset<Row> load(SparkSession spark, String format, String uri, String path) {
        DataFrameReader reader = spark.read();
        return spark(
                () -> switch (format) {
                    case "csv" ->
                        reader.option("header", "true")
                                .option("inferSchema", "true")
                                .csv(uri);
                    case "parquet" -> reader.parquet(uri);
                    default -> throw new DatasetException(path + ": unknown format '" + format + "' (csv or parquet)");
                },
                path);
    }

    /** Spark's own failures (no such path, unreadable file, not Parquet) as one line naming the path. */
    private static <T> T spark(Supplier<T> action, String path) {
        try {
            return action.get();
        } catch (DatasetException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException is checked, thrown unchecked from Scala
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new DatasetException(
                    path + ": cannot read: "
                            + msg.lines().findFirst().orElse(msg).trim(),
                    e);
        }
    }

    private static RawTable.LabelKind labelKind(DataType t, String label, String path) {
        if (t instanceof StringType) {
            return RawTable.LabelKind.TEXT;
        }
        if (t instanceof BooleanType) {
            return RawTable.LabelKind.BOOLEAN;
        }
        if (t instanceof FloatType || t instanceof DoubleType || (t instanceof DecimalType d && d.scale() > 0)) {
            return RawTable.LabelKind.REAL;
        }
        if (t instanceof NumericType) {
            return RawTable.LabelKind.INTEGER;
        }
        throw new DatasetException(path + ": label column '" + label + "' is " + t.simpleString()
                + "; a label must be text, a boolean or a number");
    }

    /** A column name as Spark's resolver reads it literally: dots, slashes and spaces included. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * Reading holds each value twice for a moment (as read, and encoded): refuse a table that cannot
     * fit rather than let the driver die of OutOfMemoryError halfway.
     */
    private static void requireDriverMemory(long rows, int columns, String path) {
        long need = rows * columns * DRIVER_BYTES_PER_VALUE;
        long have = Runtime.getRuntime().maxMemory();
        if (need > have * 0.7) {
            throw new DatasetException(String.format(
                    Locale.ROOT,
                    "%s: %d rows x %d columns need about %s on the driver to "
                            + "read and encode, more than its %s heap allows; raise spark.driver.memory (--driver-memory), or use fewer rows or columns",
                    path,
                    rows,
                    columns,
                    MemorySize.format(need),
                    MemorySize.format(have)));
        }
    }

    private static RawTable collect(
            Dataset<Row> rows,
            int n,
            TableSpec spec,
            List<String> features,
            Map<String, DataType> types,
            RawTable.LabelKind labelKind,
            String path) {
        int k = features.size();
        boolean[] text = new boolean[k];
        float[][] numbers = new float[k][];
        String[][] strings = new String[k][];
        for (int j = 0; j < k; j++) {
            text[j] = types.get(features.get(j)) instanceof StringType;
            if (text[j]) {
                strings[j] = new String[n];
            } else {
                numbers[j] = new float[n];
            }
        }
        double[] labelNumbers = labelKind == RawTable.LabelKind.TEXT ? null : new double[n];
        String[] labelText = labelKind == RawTable.LabelKind.TEXT ? new String[n] : null;
        long[] missing = new long[k + 1];
        int kept = 0;
        Iterator<Row> it = spark(rows::toLocalIterator, path);
        while (spark(it::hasNext, path)) {
            Row row = it.next();
            if (kept >= n) {
                break; // the table grew since it was counted: read what was counted
            }
            boolean complete = true;
            for (int j = 0; j <= k; j++) {
                Object v = row.get(j);
                if (v == null
                        || (v instanceof Double d && !Double.isFinite(d))
                        || (v instanceof Float f && !Float.isFinite(f))) {
                    missing[j]++;
                    complete = false;
                }
            }
            if (!complete) {
                continue;
            }
            Object label = row.get(0);
            if (labelText != null) {
                labelText[kept] = label.toString();
            } else {
                labelNumbers[kept] = toDouble(label);
            }
            for (int j = 0; j < k; j++) {
                Object v = row.get(j + 1);
                if (text[j]) {
                    strings[j][kept] = v.toString();
                } else {
                    numbers[j][kept] = (float) toDouble(v);
                }
            }
            kept++;
        }
        if (!spec.dropMissing() && kept < n) {
            throw new DatasetException(path + ": missing values: " + missingReport(missing, spec.label(), features)
                    + "; add missing: drop to the dataset block to drop such rows");
        }
        if (kept == 0) {
            throw new DatasetException(path + ": every one of its " + n + " rows has a missing value ("
                    + missingReport(missing, spec.label(), features) + ")");
        }
        List<RawTable.Column> columns = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            columns.add(new RawTable.Column(
                    features.get(j), text[j] ? null : trim(numbers[j], kept), text[j] ? trim(strings[j], kept) : null));
        }
        RawTable.Label label = new RawTable.Label(
                spec.label(),
                labelKind,
                labelNumbers == null ? null : Arrays.copyOf(labelNumbers, kept),
                labelText == null ? null : trim(labelText, kept));
        return new RawTable(path, columns, label, kept);
    }

    private static String missingReport(long[] missing, String label, List<String> features) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < missing.length; j++) {
            if (missing[j] > 0) {
                parts.add("column '" + (j == 0 ? label : features.get(j - 1)) + "' in " + missing[j]
                        + (missing[j] == 1 ? " row" : " rows"));
            }
        }
        return String.join(", ", parts);
    }

    private static double toDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    private static float[] trim(float[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static String[] trim(String[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    /** A separate test table must read like the training table: same label kind, same kind of every feature. */
    private static void sameKinds(RawTable train, RawTable test) {
        if (train.label().kind() != test.label().kind()
                && (train.label().kind() == RawTable.LabelKind.TEXT
                        || test.label().kind() == RawTable.LabelKind.TEXT)) {
            throw new DatasetException(test.source() + ": label '"
                    + test.label().name() + "' is " + kind(test.label().kind()) + " here but "
                    + kind(train.label().kind()) + " in " + train.source());
        }
        for (int j = 0; j < train.features().size(); j++) {
            RawTable.Column a = train.features().get(j), b = test.features().get(j);
            if (a.isText() != b.isText()) {
                throw new DatasetException(
                        test.source() + ": column '" + b.name() + "' is " + (b.isText() ? "text" : "numeric")
                                + " here but " + (a.isText() ? "text" : "numeric") + " in " + train.source());
            }
        }
    }

    private static String kind(RawTable.LabelKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
