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
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
        RawTable table = raw(spark, spec.path(), spec, null);
        RawTable test = spec.test() == null ? null : raw(spark, spec.test(), spec, table);
        return TableEncoder.encode(table, test, spec, seed);
    }

    /** The Spark setting of the most a table may take on the driver while read and encoded there (e.g. {@code 512m}). */
    public static final String DRIVER_TABLE_MEMORY = "spark.sparksweep.driverTableMemory";

    /**
     * A sweep's table: collected and encoded on the driver ({@code inMemory}) when it fits there and
     * no {@code sample:} is asked for; otherwise {@code streamed}: statistics from Spark jobs, the parts
     * encoded into files by a Spark job that executors read ({@link StreamedTable}).
     */
    public record SweepTable(TableDataset inMemory, StreamedTable streamed) {}

    /** Reads a sweep's table, on the driver or streamed (see {@link SweepTable}). */
    public static SweepTable readForSweep(SparkSession spark, TableSpec spec, long seed) {
        Chosen chosen = choose(spark, spec.path(), spec, null);
        long need = chosen.rows() * (chosen.features().size() + 1) * DRIVER_BYTES_PER_VALUE;
        if (spec.sample() == null && need <= driverBudget(spark)) {
            RawTable table = collect(chosen, spec);
            RawTable test = spec.test() == null ? null : raw(spark, spec.test(), spec, table);
            return new SweepTable(TableEncoder.encode(table, test, spec, seed), null);
        }
        return new SweepTable(null, StreamedTable.read(spark, spec, seed, chosen));
    }

    /** What the driver may hold of a table: {@value #DRIVER_TABLE_MEMORY} if set, else 70 % of its heap. */
    static long driverBudget(SparkSession spark) {
        String set = spark.sparkContext().getConf().get(DRIVER_TABLE_MEMORY, null);
        if (set == null) {
            set = System.getProperty(DRIVER_TABLE_MEMORY);
        }
        return set != null
                ? MemorySize.parse(set)
                : (long) (Runtime.getRuntime().maxMemory() * 0.7);
    }

    /**
     * Loads a table as a DataFrame: Parquet with its own types, CSV with a header row and every column
     * as text (sparksweep types the columns itself, so that a few odd cells never turn a column of
     * numbers into categories behind the user's back).
     */
    public static Dataset<Row> load(SparkSession spark, String format, String path) {
        String uri = DatasetResolver.toUri(path);
        DataFrameReader reader = spark.read();
        Dataset<Row> df = spark(
                () -> switch (format) {
                    case "csv" ->
                        reader.option("header", "true")
                                .option("inferSchema", "false")
                                .csv(uri);
                    case "parquet" -> reader.parquet(uri);
                    default -> throw new DatasetException(path + ": unknown format '" + format + "' (csv or parquet)");
                },
                path);
        if (df.columns().length == 0) {
            throw new DatasetException(path + ": no columns (an empty file?)");
        }
        return df;
    }

    /**
     * Reads one table's label and feature columns. The training table ({@code like} null) decides
     * which columns are features and how each is read ({@link ColumnProfile}); a separate test table
     * ({@code like}: the training table) is read the same way. Every problem found is named in one line.
     */
    static RawTable raw(SparkSession spark, String path, TableSpec spec, RawTable like) {
        return collect(choose(spark, path, spec, like == null ? null : Like.of(like)), spec);
    }

    /** What a separate test table must match: the training table's feature columns and label as read. */
    record Like(String source, List<String> names, List<RawTable.ColumnKind> kinds, RawTable.LabelKind label) {
        static Like of(RawTable t) {
            return new Like(
                    t.source(),
                    t.features().stream().map(RawTable.Column::name).toList(),
                    t.features().stream().map(RawTable.Column::kind).toList(),
                    t.label().kind());
        }
    }

    /**
     * A table's columns as one profiling pass decided them, before any row is collected: the label's
     * kind, the candidate features with their kinds, which may be identifiers, and which get their
     * distinct values counted.
     */
    record Chosen(
            Dataset<Row> df,
            String path,
            boolean listed,
            long rows,
            RawTable.LabelKind labelKind,
            List<String> features,
            List<RawTable.ColumnKind> kinds,
            List<Boolean> identifierLike,
            boolean[] count,
            Map<String, String> excluded,
            Map<String, DataType> types,
            ColumnProfile.Table profile) {

        /** Label then features, selected from the table (names quoted). */
        Dataset<Row> selected(TableSpec spec) {
            List<Column> cols = new ArrayList<>();
            cols.add(df.col(quote(spec.label())));
            features.forEach(f -> cols.add(df.col(quote(f))));
            return df.select(cols.toArray(new Column[0]));
        }
    }

    /** Profiles a table and decides its columns (one Spark pass); every problem found is named in one line. */
    static Chosen choose(SparkSession spark, String path, TableSpec spec, Like like) {
        Dataset<Row> df = load(spark, spec.format(), path);
        List<String> columns = Arrays.asList(df.columns());
        if (!columns.contains(spec.label())) {
            throw new DatasetException(
                    path + ": no label column '" + spec.label() + "'; the columns are: " + String.join(", ", columns));
        }
        boolean listed = like != null || !spec.features().isEmpty();
        List<String> named = like != null ? like.names() : listed ? spec.features() : spec.exclude();
        for (String f : named) {
            if (!columns.contains(f)) {
                throw new DatasetException(path + ": no " + (listed ? "feature" : "excluded") + " column '" + f
                        + "'; the columns are: " + String.join(", ", columns));
            }
        }
        List<String> candidates = like != null ? new ArrayList<>(named) : candidates(columns, spec);
        if (candidates.isEmpty()) {
            throw new DatasetException(
                    path + ": no feature columns: the table has only the label '" + spec.label() + "'");
        }
        Map<String, DataType> types = new LinkedHashMap<>();
        for (StructField f : df.schema().fields()) {
            types.put(f.name(), f.dataType());
        }
        for (String f : candidates) {
            DataType t = types.get(f);
            if (!(t instanceof NumericType || t instanceof BooleanType || t instanceof StringType)) {
                throw new DatasetException(path + ": feature column '" + f + "' is " + t.simpleString()
                        + "; features must be numbers, booleans or text (list the others under features:)");
            }
        }
        List<String> profiled = new ArrayList<>();
        profiled.add(spec.label());
        profiled.addAll(candidates);
        ColumnProfile.Table profile = spark(() -> ColumnProfile.of(df, profiled, types, spec.naValues()), path);
        if (profile.rows() == 0) {
            throw new DatasetException(path + ": the table is empty (no rows"
                    + (spec.format().equals("csv") ? " under the header)" : ")"));
        }

        List<String> problems = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        spec.exclude().forEach(c -> excluded.put(c, "listed under exclude:"));
        RawTable.LabelKind labelKind =
                labelKind(profile.column(spec.label()), types.get(spec.label()), problems, df, spec, path);
        if (like != null
                && labelKind != like.label()
                && (labelKind == RawTable.LabelKind.TEXT || like.label() == RawTable.LabelKind.TEXT)) {
            problems.add("label '" + spec.label() + "' is " + kind(labelKind) + " here but " + kind(like.label())
                    + " in " + like.source());
        }
        if (like != null && like.label() != RawTable.LabelKind.TEXT) {
            labelKind = like.label(); // read as the training table's (whole numbers with the real ones)
        }
        List<String> features = new ArrayList<>();
        List<RawTable.ColumnKind> kinds = new ArrayList<>();
        List<Boolean> identifierLike = new ArrayList<>();
        for (int j = 0; j < candidates.size(); j++) {
            String name = candidates.get(j);
            ColumnProfile c = profile.column(name);
            RawTable.ColumnKind kind = like != null ? like.kinds().get(j) : c.kind();
            if (c.present() == 0) {
                problems.add("column '" + name + "' is empty (every cell missing)");
                continue;
            }
            if (c.mixed()) {
                problems.add(c.mixedMessage(spec.naValues()));
                continue;
            }
            if (like != null && (kind == RawTable.ColumnKind.TEXT) != (c.kind() == RawTable.ColumnKind.TEXT)) {
                problems.add("column '" + name + "' is " + kind(c.kind()) + " here but " + kind(kind) + " in "
                        + like.source());
                continue;
            }
            features.add(name);
            kinds.add(kind);
            identifierLike.add(!listed && c.couldBeAnIdentifier(profile.rows()));
        }
        if (!problems.isEmpty()) {
            throw new DatasetException(path + ": " + String.join("; ", problems));
        }
        boolean[] count = new boolean[features.size()];
        for (int j = 0; j < count.length; j++) {
            count[j] = !listed && (kinds.get(j) == RawTable.ColumnKind.TEXT || identifierLike.get(j));
        }
        return new Chosen(
                df,
                path,
                listed,
                profile.rows(),
                labelKind,
                features,
                kinds,
                identifierLike,
                count,
                excluded,
                types,
                profile);
    }

    /**
     * The columns a table's features are chosen from: those listed under {@code features:}, else every
     * column but the label and those under {@code exclude:}. Profiling ({@link #choose}) only refuses
     * some of them, so a table a sweep read has exactly these as its {@link Chosen#features}.
     */
    static List<String> candidates(List<String> columns, TableSpec spec) {
        if (!spec.features().isEmpty()) {
            return new ArrayList<>(spec.features());
        }
        List<String> out = new ArrayList<>();
        columns.stream()
                .filter(c -> !c.equals(spec.label()) && !spec.exclude().contains(c))
                .forEach(out::add);
        return out;
    }

    /** Collects a chosen table's rows to the driver, then leaves identifiers out and refuses too many categories. */
    private static RawTable collect(Chosen chosen, TableSpec spec) {
        String path = chosen.path();
        long n = chosen.rows();
        List<String> features = chosen.features();
        List<RawTable.ColumnKind> kinds = chosen.kinds();
        List<Boolean> identifierLike = chosen.identifierLike();
        boolean[] count = chosen.count();
        Map<String, String> excluded = new LinkedHashMap<>(chosen.excluded());
        List<String> problems = new ArrayList<>();
        requireDriverMemory(n, features.size() + 1, path);
        Collected read =
                collect(chosen.selected(spec), (int) n, spec, features, kinds, chosen.labelKind(), count, path);
        // with the distinct values counted: identifiers out, text of too many categories refused
        List<RawTable.Column> kept = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            String name = features.get(j);
            int distinct = read.distinct()[j];
            if (identifierLike.get(j) && distinct == read.table().rows()) {
                excluded.put(
                        name,
                        "an identifier (a different "
                                + (kinds.get(j) == RawTable.ColumnKind.TEXT ? "text" : "whole number")
                                + " in each of its "
                                + n + " rows); list it under features: to use it");
            } else if (count[j] && kinds.get(j) == RawTable.ColumnKind.TEXT && distinct > MAX_CATEGORIES) {
                problems.add("column '" + name + "' is text with " + distinct
                        + " distinct values (one-hot: as many features); leave it out with exclude: [" + name
                        + "], or list the columns to use under features: to encode it anyway");
            } else {
                kept.add(read.table().features().get(j));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatasetException(path + ": " + String.join("; ", problems));
        }
        if (kept.isEmpty()) {
            throw new DatasetException(path + ": no feature columns are left: "
                    + excluded.entrySet().stream()
                            .map(e -> "'" + e.getKey() + "' is " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        RawTable t = read.table();
        return new RawTable(t.source(), kept, t.label(), t.rows(), t.rowsRead(), t.missing(), excluded);
    }

    /** The rows read, and per feature column the distinct values counted (0 where none were). */
    private record Collected(RawTable table, int[] distinct) {}

    /** The most categories a text column one-hot encodes without being listed under features:. */
    static final int MAX_CATEGORIES = 50;

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

    /** The label's kind from its profile: text, booleans, whole numbers written as such, or other numbers. */
    private static RawTable.LabelKind labelKind(
            ColumnProfile label, DataType type, List<String> problems, Dataset<Row> df, TableSpec spec, String path) {
        if (!(type instanceof NumericType || type instanceof BooleanType || type instanceof StringType)) {
            throw new DatasetException(path + ": label column '" + spec.label() + "' is " + type.simpleString()
                    + "; a label must be text, a boolean or a number");
        }
        if (label.mixed()) {
            problems.add(label.mixedMessage(spec.naValues()));
            return RawTable.LabelKind.TEXT;
        }
        return switch (label.kind()) {
            case TEXT -> RawTable.LabelKind.TEXT;
            case BOOLEAN -> RawTable.LabelKind.BOOLEAN;
            case NUMERIC -> label.integers() ? RawTable.LabelKind.INTEGER : RawTable.LabelKind.REAL;
        };
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

    private static Collected collect(
            Dataset<Row> rows,
            int n,
            TableSpec spec,
            List<String> features,
            List<RawTable.ColumnKind> kinds,
            RawTable.LabelKind labelKind,
            boolean[] countDistinct,
            String path) {
        int k = features.size();
        List<Set<Object>> distinct = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            distinct.add(countDistinct[j] ? new HashSet<>() : null);
        }
        float[][] numbers = new float[k][];
        String[][] strings = new String[k][];
        for (int j = 0; j < k; j++) {
            if (kinds.get(j) == RawTable.ColumnKind.TEXT) {
                strings[j] = new String[n];
            } else {
                numbers[j] = new float[n];
            }
        }
        double[] labelNumbers = labelKind == RawTable.LabelKind.TEXT ? null : new double[n];
        String[] labelText = labelKind == RawTable.LabelKind.TEXT ? new String[n] : null;
        Cells cells = new Cells(spec.naValues(), path);
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
                if (cells.isMissing(row.get(j))) {
                    missing[j]++;
                    complete = false;
                }
            }
            if (!complete) {
                continue;
            }
            if (labelText != null) {
                labelText[kept] = cells.text(row.get(0));
            } else {
                labelNumbers[kept] = labelKind == RawTable.LabelKind.BOOLEAN
                        ? cells.bool(row.get(0), spec.label())
                        : cells.number(row.get(0), spec.label());
            }
            for (int j = 0; j < k; j++) {
                Object v = row.get(j + 1);
                if (distinct.get(j) != null) {
                    distinct.get(j).add(v instanceof String s ? s.trim() : v);
                }
                switch (kinds.get(j)) {
                    case TEXT -> strings[j][kept] = cells.text(v);
                    case BOOLEAN -> numbers[j][kept] = (float) cells.bool(v, features.get(j));
                    case NUMERIC -> numbers[j][kept] = (float) cells.number(v, features.get(j));
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
        Map<String, Long> missingByColumn = new LinkedHashMap<>();
        for (int j = 0; j <= k; j++) {
            if (missing[j] > 0) {
                missingByColumn.put(j == 0 ? spec.label() : features.get(j - 1), missing[j]);
            }
        }
        for (int j = 0; j < k; j++) {
            boolean text = kinds.get(j) == RawTable.ColumnKind.TEXT;
            columns.add(new RawTable.Column(
                    features.get(j),
                    kinds.get(j),
                    text ? null : trim(numbers[j], kept),
                    text ? trim(strings[j], kept) : null));
        }
        RawTable.Label label = new RawTable.Label(
                spec.label(),
                labelKind,
                labelNumbers == null ? null : Arrays.copyOf(labelNumbers, kept),
                labelText == null ? null : trim(labelText, kept));
        int[] counts = new int[k];
        for (int j = 0; j < k; j++) {
            counts[j] = distinct.get(j) == null ? 0 : distinct.get(j).size();
        }
        return new Collected(new RawTable(path, columns, label, kept, n, missingByColumn, Map.of()), counts);
    }

    /** Cell values as read: Spark's typed values (Parquet) or text (CSV), with the table's missing-value markers. */
    private record Cells(List<String> naValues, String path) {

        boolean isMissing(Object v) {
            if (v == null) {
                return true;
            }
            if (v instanceof Double d) {
                return !Double.isFinite(d);
            }
            if (v instanceof Float f) {
                return !Float.isFinite(f);
            }
            if (v instanceof String s) {
                String t = s.trim();
                for (String na : naValues) {
                    if (na.equalsIgnoreCase(t)) {
                        return true;
                    }
                }
            }
            return false;
        }

        String text(Object v) {
            return v instanceof String s ? s.trim() : v.toString();
        }

        double number(Object v, String column) {
            if (v instanceof Boolean b) {
                return b ? 1 : 0;
            }
            if (v instanceof Number x) {
                return x.doubleValue();
            }
            String s = v.toString().trim();
            try {
                double d = Double.parseDouble(s);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new DatasetException(path + ": column '" + column + "' holds '" + s + "', which is not a number");
        }

        double bool(Object v, String column) {
            if (v instanceof Boolean b) {
                return b ? 1 : 0;
            }
            String s = v.toString().trim();
            if (s.equalsIgnoreCase("true")) {
                return 1;
            }
            if (s.equalsIgnoreCase("false")) {
                return 0;
            }
            throw new DatasetException(path + ": column '" + column + "' holds '" + s + "', not true or false");
        }
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

    private static float[] trim(float[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static String[] trim(String[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    private static String kind(Enum<?> k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
