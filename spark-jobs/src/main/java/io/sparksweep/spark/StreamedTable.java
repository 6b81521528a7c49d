package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.RawTable;
import io.sparksweep.data.TableEncoder;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.TableSpec;
import io.sparksweep.util.Sha256;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * A table that is never collected on the driver: its encoding statistics (z-scores, categories,
 * classes) come from Spark aggregations, its parts from a seeded hash of each row, and a Spark job
 * writes the encoded parts as files that executors read ({@link EncodedTableFiles}).
 *
 * <p>Parts. Each row gets three uniform numbers from a seeded hash of its cells (xxhash64 of the sweep
 * seed and every selected cell, then one hash per use): below {@code test_fraction} it is a test row
 * (unless a separate {@code test:} table is given); otherwise it is in the sample when its second number
 * is below the sample's share ({@code sample:} as a fraction, or rows / the rows outside the test part),
 * and a sampled row is a validation row when its third number is below {@code validation_fraction}.
 * The same seed gives the same parts whatever the partitioning or the order the rows are read in, and
 * every class is sampled at the same share (stratified in expectation; identical rows share a part).
 */
public final class StreamedTable {

    private static final String PART = "_part";
    private static final double TWO_TO_53 = 9007199254740992.0;

    private final EncodedTable table;
    private final transient Dataset<Row> rows; // label, kept features, part; sampled and test rows only
    private final transient Dataset<Row> testRows; // a separate test table, same layout, or null
    private final transient Dataset<Row> allRows; // every row of the table, same layout, part -1 outside the sample
    private final long nonTestRowCount;
    private final RawTable.LabelKind labelKind;
    private final String sampleNote;

    private StreamedTable(
            EncodedTable table,
            Dataset<Row> rows,
            Dataset<Row> testRows,
            Dataset<Row> allRows,
            long nonTestRowCount,
            RawTable.LabelKind labelKind,
            String sampleNote) {
        this.table = table;
        this.rows = rows;
        this.testRows = testRows;
        this.allRows = allRows;
        this.nonTestRowCount = nonTestRowCount;
        this.labelKind = labelKind;
        this.sampleNote = sampleNote;
    }

    /** What the driver knows of the encoded table (its location null until {@link #writeUnder}). */
    public EncodedTable table() {
        return table;
    }

    /** How the sample was drawn, for the console, e.g. {@code sample: 100000 rows of 8000000 (1.25 %)}. */
    public String sampleNote() {
        return sampleNote;
    }

    /** Reads a table for a sweep without collecting it: profile, counts and statistics, all Spark jobs. */
    static StreamedTable read(SparkSession spark, TableSpec spec, long seed, TableReader.Chosen chosen) {
        String path = chosen.path();
        TableReader.Chosen test = spec.test() == null
                ? null
                : TableReader.choose(
                        spark,
                        spec.test(),
                        spec,
                        new TableReader.Like(path, chosen.features(), chosen.kinds(), chosen.labelKind()));
        Dataset<Row> selected = chosen.selected(spec);
        List<String> names = new ArrayList<>();
        names.add(spec.label());
        names.addAll(chosen.features());
        // rows with a missing value: refused, or dropped with missing: drop (counts from the profile)
        Map<String, Long> missing = new LinkedHashMap<>();
        for (String n : names) {
            long m = chosen.rows() - chosen.profile().column(n).present();
            if (m > 0) {
                missing.put(n, m);
            }
        }
        if (!missing.isEmpty() && !spec.dropMissing()) {
            throw new DatasetException(path + ": missing values: " + missingReport(missing)
                    + "; add missing: drop to the dataset block to drop such rows");
        }
        Dataset<Row> complete = selected.filter(complete(selected, names, chosen.types(), spec));
        Column key =
                labelKey(complete.col(TableReader.quote(spec.label())), chosen.labelKind(), labelType(chosen, spec));

        // the task, from at most 21 distinct label values
        List<Row> some = complete.select(key.as("k")).distinct().limit(21).collectAsList();
        if (some.isEmpty()) {
            throw new DatasetException(path + ": every one of its " + chosen.rows() + " rows has a missing value ("
                    + missingReport(missing) + ")");
        }
        TableEncoder.TaskChoice choice =
                TableEncoder.task(label(spec.label(), chosen.labelKind(), some), spec.task(), path);
        boolean classification = choice.task() == TableSpec.Task.CLASSIFICATION;

        // the parts, from seeded hashes of the rows' cells
        Column h = rowHash(complete, names, seed);
        Column isTest = isTest(h, spec);
        double valFraction = spec.validationFraction() == null ? 0 : spec.validationFraction();

        // how many rows lie outside the test part (per class): the share a row count asks for
        Dataset<Row> counted = complete.withColumn("_k", classification ? key : lit(0))
                .withColumn("_t", isTest)
                .groupBy("_k")
                .agg(count(lit(1)).as("n"), count(when(col("_t"), 1)).as("t"));
        long rowsKept = 0, outsideTest = 0;
        Map<Object, long[]> byClass = new LinkedHashMap<>();
        for (Row r : counted.collectAsList()) {
            rowsKept += r.getLong(1);
            outsideTest += r.getLong(1) - r.getLong(2);
            byClass.put(r.get(0), new long[] {r.getLong(1), r.getLong(2)});
        }
        double share = 1;
        String note = null;
        if (spec.sample() != null) {
            if (spec.sample().rows() != null) {
                long want = spec.sample().rows();
                if (want > outsideTest) {
                    throw new DatasetException(path + ": sample: " + want + " rows is more than the table's "
                            + outsideTest + " rows" + (spec.test() == null ? " outside its test part" : "")
                            + "; ask for fewer rows, or a fraction");
                }
                share = (double) want / outsideTest;
            } else {
                share = spec.sample().fraction();
            }
            note = String.format(
                    Locale.ROOT,
                    "a sample of %.3g %% of the %d rows%s, seeded and stratified by %s",
                    share * 100,
                    outsideTest,
                    spec.test() == null ? " outside the test part" : "",
                    classification ? "class" : "nothing (regression)");
        }
        Column part = part(h, spec, share);
        Dataset<Row> parted = complete.withColumn(PART, part).withColumn("_k", classification ? key : lit(0));

        // the statistics: one pass over the training part's cells (Welford's updates in primitive arrays per
        // partition, merged pairwise); Spark's own avg and stddev_pop over 50 columns made an aggregate too
        // wide for code generation and ran ~100x slower
        boolean[] countDistinctOf = chosen.count();
        int width = chosen.features().size();
        boolean[] isText = new boolean[width + 1];
        List<Column> cellsOfTrain = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            String f = chosen.features().get(j);
            Column c = parted.col(TableReader.quote(f));
            DataType t = chosen.types().get(f);
            isText[j] = chosen.kinds().get(j) == RawTable.ColumnKind.TEXT;
            cellsOfTrain.add(
                    isText[j] ? text(c, t) : number(c, t, chosen.kinds().get(j)));
        }
        // a regression target stays a double, as TableReader keeps it
        DataType yType = labelType(chosen, spec);
        Column yCell = parted.col(TableReader.quote(spec.label()));
        cellsOfTrain.add(
                classification
                        ? lit(0.0)
                        : yType instanceof StringType ? trim(yCell).cast("double") : yCell.cast("double"));
        Moments stats = parted
                .filter(col(PART).equalTo(0))
                .select(cellsOfTrain.toArray(new Column[0]))
                .javaRDD()
                .mapPartitions(rows -> {
                    Moments m = new Moments(isText);
                    rows.forEachRemaining(m::add);
                    return List.of(m).iterator();
                })
                .collect() // in partition order: the same sums in the same order on every run, so the same hash
                .stream()
                .reduce(new Moments(isText), Moments::merge);
        long[] distinctCounts = new long[width];
        List<Column> distinctAggs = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            if (countDistinctOf[j]) {
                String f = chosen.features().get(j);
                distinctAggs.add(countDistinct(distinctValue(
                        parted.col(TableReader.quote(f)), chosen.types().get(f))));
            }
        }
        if (!distinctAggs.isEmpty()) {
            Row d = parted.agg(
                            distinctAggs.get(0),
                            distinctAggs.subList(1, distinctAggs.size()).toArray(new Column[0]))
                    .first();
            for (int j = 0, i = 0; j < width; j++) {
                if (countDistinctOf[j]) {
                    distinctCounts[j] = d.getLong(i++);
                }
            }
        }
        // rows per class and part
        Map<Object, long[]> parts = new LinkedHashMap<>();
        for (Row r : parted.groupBy("_k", PART).count().collectAsList()) {
            int p = r.getInt(1);
            if (p >= 0) {
                parts.computeIfAbsent(r.get(0), k -> new long[3])[p] += r.getLong(2);
            }
        }
        Map<Object, Long> testTableClasses = new LinkedHashMap<>();
        Dataset<Row> testComplete = null;
        if (test != null) {
            Dataset<Row> ts = test.selected(spec);
            testComplete = ts.filter(complete(ts, names, test.types(), spec));
            Column tk = labelKey(
                    testComplete.col(TableReader.quote(spec.label())), chosen.labelKind(), labelType(test, spec));
            for (Row r : testComplete
                    .withColumn("_k", classification ? tk : lit(0))
                    .groupBy("_k")
                    .count()
                    .collectAsList()) {
                testTableClasses.put(r.get(0), r.getLong(1));
            }
        }

        // classes: every value of both tables, in TableEncoder's order
        List<String> classes = null;
        Map<String, Integer> classIndex = new HashMap<>();
        if (classification) {
            List<Object> keys = new ArrayList<>(byClass.keySet());
            testTableClasses.keySet().stream()
                    .filter(k -> !byClass.containsKey(k))
                    .forEach(keys::add);
            classes = TableEncoder.classNames(label(spec.label(), chosen.labelKind(), keys), null);
            if (classes.size() < 2) {
                throw new DatasetException(path + ": label '" + spec.label() + "' has one class ('" + classes.get(0)
                        + "') in all " + rowsKept + " rows; classification needs at least two");
            }
            for (int i = 0; i < classes.size(); i++) {
                classIndex.put(classes.get(i), i);
            }
        }

        // identifiers out, text of too many categories refused, as when the rows are collected
        List<String> problems = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>(chosen.excluded());
        List<TablePreprocessing.FeatureColumn> columns = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < chosen.features().size(); j++) {
            String name = chosen.features().get(j);
            long distinct = distinctCounts[j];
            RawTable.ColumnKind kind = chosen.kinds().get(j);
            if (chosen.identifierLike().get(j) && distinct == rowsKept) {
                excluded.put(
                        name,
                        "an identifier (a different " + (kind == RawTable.ColumnKind.TEXT ? "text" : "whole number")
                                + " in each of its " + chosen.rows() + " rows); list it under features: to use it");
                continue;
            }
            if (countDistinctOf[j] && kind == RawTable.ColumnKind.TEXT && distinct > TableReader.MAX_CATEGORIES) {
                problems.add("column '" + name + "' is text with " + distinct
                        + " distinct values (one-hot: as many features); leave it out with exclude: [" + name
                        + "], or list the columns to use under features: to encode it anyway");
                continue;
            }
            kept.add(name);
            if (kind == RawTable.ColumnKind.TEXT) {
                TreeSet<String> values = new TreeSet<>(stats.text.get(j));
                values.forEach(v -> featureNames.add(name + "=" + v));
                columns.add(new TablePreprocessing.FeatureColumn(
                        name, TablePreprocessing.Kind.CATEGORICAL, false, 0, 1, new ArrayList<>(values)));
            } else {
                featureNames.add(name);
                boolean z = spec.standardize() && stats.n[j] > 0;
                double std = z ? stats.std(j) : 1;
                columns.add(new TablePreprocessing.FeatureColumn(
                        name,
                        kind == RawTable.ColumnKind.BOOLEAN
                                ? TablePreprocessing.Kind.BOOLEAN
                                : TablePreprocessing.Kind.NUMERIC,
                        z,
                        z ? stats.mean[j] : 0,
                        z ? (std > 0 ? std : 1) : 1,
                        null));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatasetException(path + ": " + String.join("; ", problems));
        }
        if (kept.isEmpty()) {
            throw new DatasetException(path + ": no feature columns are left: "
                    + String.join(
                            ", ",
                            excluded.entrySet().stream()
                                    .map(e -> "'" + e.getKey() + "' is " + e.getValue())
                                    .toList()));
        }
        long[] totals = new long[3];
        parts.values().forEach(p -> {
            for (int k = 0; k < 3; k++) {
                totals[k] += p[k];
            }
        });
        if (test != null) {
            totals[2] = testTableClasses.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
        requireEveryPart(path, spec, classification, byClass.keySet(), parts, totals, valFraction, share);

        double targetMean = 0, targetStd = 1;
        TableSummary.Range range = null;
        if (!classification) {
            double sd = stats.std(width);
            range = new TableSummary.Range(stats.min[width], stats.max[width], stats.mean[width], sd > 0 ? sd : 1);
            if (spec.standardize()) {
                targetMean = range.mean();
                targetStd = range.std();
            }
        }
        TablePreprocessing preprocessing = new TablePreprocessing(
                TablePreprocessing.VERSION,
                spec.naValues(),
                spec.dropMissing() ? "drop" : "refuse",
                columns,
                spec.label(),
                classification ? "classification" : "regression",
                classes,
                targetMean,
                targetStd);
        Map<String, Long> classCounts = null;
        if (classification) {
            long[] n = new long[classes.size()];
            for (Map.Entry<Object, long[]> e : byClass.entrySet()) {
                n[classIndex.get(className(e.getKey(), chosen.labelKind()))] += e.getValue()[0];
            }
            for (Map.Entry<Object, Long> e : testTableClasses.entrySet()) {
                n[classIndex.get(className(e.getKey(), chosen.labelKind()))] += e.getValue();
            }
            classCounts = new LinkedHashMap<>();
            for (int c = 0; c < n.length; c++) {
                classCounts.put(classes.get(c), n[c]);
            }
        }
        TableSummary summary = new TableSummary(
                path,
                (int) Math.min(Integer.MAX_VALUE, chosen.rows()),
                (int) Math.min(Integer.MAX_VALUE, chosen.rows() - rowsKept),
                missing,
                (int) Math.min(Integer.MAX_VALUE, totals[0]),
                spec.validationFraction() == null ? null : (int) Math.min(Integer.MAX_VALUE, totals[1]),
                (int) Math.min(Integer.MAX_VALUE, totals[2]),
                TableEncoder.columnLines(
                        spec.label(),
                        chosen.labelKind(),
                        classification ? classes.size() : 0,
                        spec.standardize(),
                        preprocessing,
                        excluded),
                featureNames.size(),
                choice.task().name().toLowerCase(Locale.ROOT),
                choice.reason(),
                classCounts,
                range);
        String source = spec.test() == null ? path : path + " (test: " + spec.test() + ")";
        String sha = sha256(spark, spec, seed, preprocessing, totals);
        EncodedTable table = new EncodedTable(
                source,
                null,
                featureNames,
                classes,
                totals[0],
                totals[1],
                totals[2],
                spec.validationFraction() != null,
                targetMean,
                targetStd,
                sha,
                preprocessing,
                summary);
        List<Column> out = new ArrayList<>();
        out.add(parted.col(TableReader.quote(spec.label())));
        kept.forEach(f -> out.add(parted.col(TableReader.quote(f))));
        out.add(col(PART));
        Dataset<Row> everyRow = parted.select(out.toArray(new Column[0]));
        Dataset<Row> encodeRows = everyRow.filter(col(PART).geq(0));
        Dataset<Row> encodeTest = null;
        if (testComplete != null) {
            List<Column> tout = new ArrayList<>();
            tout.add(testComplete.col(TableReader.quote(spec.label())));
            for (String f : kept) {
                tout.add(testComplete.col(TableReader.quote(f)));
            }
            tout.add(lit(2).as(PART));
            encodeTest = testComplete.select(tout.toArray(new Column[0]));
        }
        return new StreamedTable(table, encodeRows, encodeTest, everyRow, outsideTest, chosen.labelKind(), note);
    }

    /**
     * A sweep's table again, encoded with the statistics the sweep stored ({@code dataset.json}) instead
     * of computing them: no profiling, counting or statistics job, only the table's schema. The parts come
     * from the same seeded hash as {@link #read}'s, so the same rows land in the same parts.
     *
     * <p>The statistics are used only when they hash, with the table's file listing (names, sizes, times),
     * the dataset block and the seed, to the hash the sweep's trials recorded: a table rewritten since,
     * another dataset block or statistics of another table give another hash.
     *
     * @param sha256 the hash of the data the sweep trained on (its trials' provenance)
     * @return the table, or null when the stored statistics are not the sweep's for the table as it is now
     */
    static StreamedTable stored(
            SparkSession spark,
            TableSpec spec,
            long seed,
            TablePreprocessing preprocessing,
            TableSummary summary,
            String sha256) {
        RawTable.LabelKind labelKind = labelKindOf(summary);
        if (labelKind == null || sha256 == null) {
            return null;
        }
        long[] totals = {
            summary.trainRows(), summary.validationRows() == null ? 0 : summary.validationRows(), summary.testRows()
        };
        if (!sha256.equals(sha256(spark, spec, seed, preprocessing, totals))) {
            return null;
        }
        String path = spec.path();
        Dataset<Row> df = TableReader.load(spark, spec.format(), path);
        List<String> names = new ArrayList<>();
        names.add(spec.label());
        names.addAll(TableReader.candidates(Arrays.asList(df.columns()), spec));
        Map<String, DataType> types = types(df);
        if (!types.keySet().containsAll(names)) {
            return null; // a column the sweep read is gone: then the listing changed too, but say nothing wrong
        }
        // as read() does: the label and candidate features selected, rows with a missing cell left out
        Dataset<Row> selected =
                df.select(names.stream().map(n -> df.col(TableReader.quote(n))).toArray(Column[]::new));
        Dataset<Row> complete = selected.filter(complete(selected, names, types, spec));
        // the rows outside the test part, as read() counted them: every kept row less the test part's
        long outsideTest = (long) summary.rowsRead() - summary.rowsDropped() - (spec.test() == null ? totals[2] : 0);
        double share = spec.sample() == null
                ? 1
                : spec.sample().rows() != null
                        ? (double) spec.sample().rows() / outsideTest
                        : spec.sample().fraction();
        List<Column> out = new ArrayList<>();
        out.add(complete.col(TableReader.quote(spec.label())));
        preprocessing.columns().forEach(c -> out.add(complete.col(TableReader.quote(c.name()))));
        out.add(part(rowHash(complete, names, seed), spec, share).as(PART));
        Dataset<Row> everyRow = complete.select(out.toArray(new Column[0]));
        Dataset<Row> encodeTest = null;
        if (spec.test() != null) {
            Dataset<Row> tdf = TableReader.load(spark, spec.format(), spec.test());
            Map<String, DataType> testTypes = types(tdf);
            if (!testTypes.keySet().containsAll(names)) {
                return null;
            }
            Dataset<Row> ts = tdf.select(
                    names.stream().map(n -> tdf.col(TableReader.quote(n))).toArray(Column[]::new));
            Dataset<Row> testComplete = ts.filter(complete(ts, names, testTypes, spec));
            List<Column> tout = new ArrayList<>();
            tout.add(testComplete.col(TableReader.quote(spec.label())));
            preprocessing.columns().forEach(c -> tout.add(testComplete.col(TableReader.quote(c.name()))));
            tout.add(lit(2).as(PART));
            encodeTest = testComplete.select(tout.toArray(new Column[0]));
        }
        List<String> featureNames = new ArrayList<>();
        for (TablePreprocessing.FeatureColumn c : preprocessing.columns()) {
            if (c.kind() == TablePreprocessing.Kind.CATEGORICAL) {
                c.categories().forEach(v -> featureNames.add(c.name() + "=" + v));
            } else {
                featureNames.add(c.name());
            }
        }
        EncodedTable table = new EncodedTable(
                spec.test() == null ? path : path + " (test: " + spec.test() + ")",
                null,
                featureNames,
                preprocessing.classes(),
                totals[0],
                totals[1],
                totals[2],
                spec.validationFraction() != null,
                preprocessing.targetMean(),
                preprocessing.targetStd(),
                sha256,
                preprocessing,
                summary);
        return new StreamedTable(
                table,
                everyRow.filter(col(PART).geq(0)),
                encodeTest,
                everyRow,
                outsideTest,
                labelKind,
                "the statistics stored with the sweep");
    }

    /** The label's kind as the summary's first column line names it ("label (text)"), or null. */
    static RawTable.LabelKind labelKindOf(TableSummary summary) {
        if (summary.columns().isEmpty()) {
            return null;
        }
        String type = summary.columns().get(0).type();
        if (!type.startsWith("label (") || !type.endsWith(")")) {
            return null;
        }
        try {
            return RawTable.LabelKind.valueOf(
                    type.substring("label (".length(), type.length() - 1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, DataType> types(Dataset<Row> df) {
        Map<String, DataType> types = new LinkedHashMap<>();
        for (StructField f : df.schema().fields()) {
            types.put(f.name(), f.dataType());
        }
        return types;
    }

    /**
     * Encodes the parts with the stored statistics and writes them under {@code root/data/table-<hash>/}
     * (a Spark job; the driver receives only each file's name, rows and hash), unless a complete copy
     * of the same hash is already there (a resumed sweep). Returns the table with its location.
     */
    public EncodedTable writeUnder(Path root) {
        String dir = new Path(root, "data/table-" + table.sha256().substring(0, 16))
                .toUri()
                .toString();
        if (EncodedTableFiles.complete(dir, table.sha256())) {
            return table.at(dir);
        }
        List<EncodedTableFiles.Written> files = new ArrayList<>(encode(rows, dir, "part"));
        if (testRows != null) {
            files.addAll(encode(testRows, dir, "test"));
        }
        EncodedTable at = table.at(dir);
        EncodedTableFiles.writeManifest(dir, at, files);
        return at;
    }

    private List<EncodedTableFiles.Written> encode(Dataset<Row> df, String dir, String prefix) {
        return df.javaRDD()
                .mapPartitionsWithIndex(new Encode(dir, prefix, encoder()), false)
                .collect();
    }

    /** How a row of {@link #nonTestRows} (or of the encoded parts) becomes features and a label. */
    RowEncoder encoder() {
        return new RowEncoder(table.preprocessing(), table.classNames(), labelKind);
    }

    /**
     * Every row outside the test part, the sample or not, validation rows included (what a retrain
     * trains on): the label, the kept features and the part column, as the encoded parts' rows. The
     * same seeded hash decides the test part, so no test row is among them. Nothing is collected.
     */
    Dataset<Row> nonTestRows() {
        return allRows.filter(col(PART).notEqual(2));
    }

    /** How many rows {@link #nonTestRows} holds (counted by the parts' Spark job, not by reading again). */
    public long nonTestRowCount() {
        return nonTestRowCount;
    }

    /**
     * A label and features cell by cell, encoded with the stored statistics: the one encoder of
     * both the files a sweep writes and the minibatches a retrain makes, so they encode alike.
     */
    record RowEncoder(TablePreprocessing preprocessing, List<String> classes, RawTable.LabelKind labelKind)
            implements java.io.Serializable {

        /** Encoded features in a row of this width. */
        int width() {
            return preprocessing.width();
        }

        boolean regression() {
            return classes == null;
        }

        /** A class index of each class name, to look labels up in. */
        Map<String, Integer> classIndex() {
            Map<String, Integer> index = new HashMap<>();
            if (classes != null) {
                for (int i = 0; i < classes.size(); i++) {
                    index.put(classes.get(i), i);
                }
            }
            return index;
        }

        /** Writes the row's features into {@code x}; the row is the label, the kept features, the part. */
        void features(Row r, Object[] values, float[] x, int offset) {
            for (int j = 0; j < values.length; j++) {
                values[j] = r.get(j + 1);
            }
            preprocessing.encode(values, x, offset, true); // a category only held-out rows have: all zeros
        }

        /** The row's class index (classification), null for a class the statistics never saw. */
        Integer classOf(Row r, Map<String, Integer> index) {
            return index.get(labelClass(r.get(0), labelKind));
        }

        /** The row's raw target (regression). */
        double target(Row r) {
            return labelNumber(r.get(0), labelKind);
        }

        /** The row's part: 0 training, 1 validation, 2 test, -1 outside the sample. */
        int part(Row r) {
            return r.getInt(preprocessing.columns().size() + 1);
        }
    }

    /** One partition's rows encoded with the stored preprocessing, written as one file. */
    private record Encode(String dir, String prefix, RowEncoder encoder)
            implements Function2<Integer, Iterator<Row>, Iterator<EncodedTableFiles.Written>> {

        @Override
        public Iterator<EncodedTableFiles.Written> call(Integer index, Iterator<Row> it) {
            Map<String, Integer> classIndex = encoder.classIndex();
            String name = String.format(Locale.ROOT, "%s-%05d.bin", prefix, index);
            EncodedTableFiles.Writer w = new EncodedTableFiles.Writer(dir, name, encoder.width(), encoder.regression());
            float[] x = new float[encoder.width()];
            Object[] values = new Object[encoder.preprocessing().columns().size()];
            while (it.hasNext()) {
                Row r = it.next();
                encoder.features(r, values, x, 0);
                int part = encoder.part(r);
                if (encoder.regression()) {
                    w.write(part, 0, encoder.target(r), x);
                } else {
                    w.write(part, encoder.classOf(r, classIndex), 0, x);
                }
            }
            return List.of(w.finish()).iterator();
        }
    }

    /**
     * Count, mean and squared deviations (Welford), minimum and maximum of each numeric cell, and the
     * set of each text cell's values, over one partition's rows; partitions merge by Chan et al.'s
     * pairwise update, so the deviation is as exact as a two-pass one.
     */
    static final class Moments implements java.io.Serializable {
        final long[] n;
        final double[] mean;
        final double[] m2;
        final double[] min;
        final double[] max;
        final List<java.util.Set<String>> text = new ArrayList<>();

        Moments(boolean[] isText) {
            int w = isText.length;
            n = new long[w];
            mean = new double[w];
            m2 = new double[w];
            min = new double[w];
            max = new double[w];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (boolean t : isText) {
                text.add(t ? new java.util.HashSet<>() : null);
            }
        }

        Moments add(Row r) {
            for (int j = 0; j < n.length; j++) {
                if (text.get(j) != null) {
                    text.get(j).add(r.getString(j));
                    continue;
                }
                double x = r.getDouble(j);
                long m = ++n[j];
                double d = x - mean[j];
                mean[j] += d / m;
                m2[j] += d * (x - mean[j]);
                min[j] = Math.min(min[j], x);
                max[j] = Math.max(max[j], x);
            }
            return this;
        }

        Moments merge(Moments o) {
            for (int j = 0; j < n.length; j++) {
                if (text.get(j) != null) {
                    text.get(j).addAll(o.text.get(j));
                    continue;
                }
                long a = n[j], b = o.n[j];
                if (b == 0) {
                    continue;
                }
                if (a == 0) {
                    n[j] = b;
                    mean[j] = o.mean[j];
                    m2[j] = o.m2[j];
                } else {
                    long ab = a + b;
                    double d = o.mean[j] - mean[j];
                    mean[j] += d * b / ab;
                    m2[j] += o.m2[j] + d * d * ((double) a * b / ab);
                    n[j] = ab;
                }
                min[j] = Math.min(min[j], o.min[j]);
                max[j] = Math.max(max[j], o.max[j]);
            }
            return this;
        }

        /** The population deviation. */
        double std(int j) {
            return n[j] == 0 ? 1 : Math.sqrt(m2[j] / n[j]);
        }
    }

    /** A label cell's class name, as TableEncoder names it. */
    static String labelClass(Object v, RawTable.LabelKind kind) {
        if (kind == RawTable.LabelKind.TEXT) {
            return v instanceof String s ? s.trim() : v.toString();
        }
        return TableEncoder.className(kind, labelNumber(v, kind));
    }

    /** A label cell as a number: booleans 1/0, text parsed. */
    static double labelNumber(Object v, RawTable.LabelKind kind) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString().trim();
        if (kind == RawTable.LabelKind.BOOLEAN) {
            return s.equalsIgnoreCase("true") ? 1 : 0;
        }
        return Double.parseDouble(s);
    }

    /** A grouping key of a label cell: trimmed text, or the number it holds. */
    private static Column labelKey(Column c, RawTable.LabelKind kind, DataType type) {
        return switch (kind) {
            case TEXT -> type instanceof StringType ? trim(c) : c.cast("string");
            case BOOLEAN ->
                type instanceof BooleanType
                        ? when(c, 1.0).otherwise(0.0)
                        : when(lower(trim(c)).equalTo("true"), 1.0).otherwise(0.0);
            default -> type instanceof StringType ? trim(c).cast("double") : c.cast("double");
        };
    }

    private static DataType labelType(TableReader.Chosen chosen, TableSpec spec) {
        return chosen.types().get(spec.label());
    }

    /** The class name of a grouping key. */
    private static String className(Object key, RawTable.LabelKind kind) {
        return kind == RawTable.LabelKind.TEXT ? (String) key : TableEncoder.className(kind, (Double) key);
    }

    /** A label made of a few distinct keys, for TableEncoder's task and class rules. */
    private static RawTable.Label label(String name, RawTable.LabelKind kind, List<?> keys) {
        List<Object> values =
                keys.stream().map(k -> k instanceof Row r ? r.get(0) : k).toList();
        if (kind == RawTable.LabelKind.TEXT) {
            return new RawTable.Label(
                    name, kind, null, values.stream().map(v -> (String) v).toArray(String[]::new));
        }
        return new RawTable.Label(
                name, kind, values.stream().mapToDouble(v -> (Double) v).toArray(), null);
    }

    /** A feature cell as the float TableReader stores, widened to double (so means match bit for bit in order). */
    private static Column number(Column c, DataType type, RawTable.ColumnKind kind) {
        if (kind == RawTable.ColumnKind.BOOLEAN) {
            return type instanceof BooleanType
                    ? when(c, 1.0).otherwise(0.0)
                    : when(lower(trim(c)).equalTo("true"), 1.0).otherwise(0.0);
        }
        Column d = type instanceof StringType ? trim(c).cast("double") : c.cast("double");
        return d.cast("float").cast("double");
    }

    private static Column text(Column c, DataType type) {
        return type instanceof StringType ? trim(c) : c.cast("string");
    }

    private static Column distinctValue(Column c, DataType type) {
        return type instanceof StringType ? trim(c) : c;
    }

    /** Not missing in any of the label and feature columns. */
    private static Column complete(Dataset<Row> df, List<String> names, Map<String, DataType> types, TableSpec spec) {
        Column ok = lit(true);
        for (String n : names) {
            ok = ok.and(not(ColumnProfile.missing(df.col(TableReader.quote(n)), types.get(n), spec.naValues())));
        }
        return ok;
    }

    /** The seeded hash of a row's label and feature cells (every candidate feature, as profiled), that decides its part. */
    private static Column rowHash(Dataset<Row> complete, List<String> names, long seed) {
        Column[] cells = new Column[names.size() + 1];
        cells[0] = lit(seed);
        for (int i = 0; i < names.size(); i++) {
            cells[i + 1] = complete.col(TableReader.quote(names.get(i)));
        }
        return xxhash64(cells);
    }

    /** Whether a row is in the test part: its first uniform number below test_fraction (never, with a test: table). */
    private static Column isTest(Column rowHash, TableSpec spec) {
        return spec.test() == null ? uniform(rowHash, 1).lt(spec.testFraction()) : lit(false);
    }

    /**
     * A row's part: 2 test, else (its second number below the sample's share) 1 validation when its third
     * number is below validation_fraction, 0 training; -1 outside the sample.
     */
    private static Column part(Column rowHash, TableSpec spec, double share) {
        double valFraction = spec.validationFraction() == null ? 0 : spec.validationFraction();
        return when(isTest(rowHash, spec), 2)
                .when(
                        uniform(rowHash, 2).lt(share),
                        when(uniform(rowHash, 3).lt(valFraction), 1).otherwise(0))
                .otherwise(-1);
    }

    /** A uniform number in [0, 1) from the row's hash and a use. */
    private static Column uniform(Column rowHash, int use) {
        return shiftrightunsigned(xxhash64(rowHash, lit(use)), 11)
                .cast("double")
                .divide(TWO_TO_53);
    }

    private static void requireEveryPart(
            String path,
            TableSpec spec,
            boolean classification,
            java.util.Set<Object> classKeys,
            Map<Object, long[]> parts,
            long[] totals,
            double valFraction,
            double share) {
        if (totals[0] == 0) {
            throw new DatasetException(path + ": sample: " + spec.sample() + " leaves no training rows ("
                    + String.format(Locale.ROOT, "%.3g", share * 100) + " % of the rows"
                    + (valFraction > 0 ? ", less validation_fraction " + valFraction : "") + "); ask for more rows");
        }
        if (!classification) {
            return;
        }
        for (Object k : classKeys) {
            long[] p = parts.getOrDefault(k, new long[3]);
            String missingPart = p[0] == 0
                    ? "training"
                    : valFraction > 0 && p[1] == 0 ? "validation" : spec.test() == null && p[2] == 0 ? "test" : null;
            if (missingPart != null) {
                throw new DatasetException(
                        path + ": class '" + k + "' has no row in the " + missingPart
                                + " part (rows are drawn one by one from a seeded hash); use a larger sample: or other fractions");
            }
        }
    }

    /** The hash that names the encoded data: the table's files, the sweep's dataset block and seed, the statistics. */
    private static String sha256(SparkSession spark, TableSpec spec, long seed, TablePreprocessing p, long[] totals) {
        MessageDigest md = Sha256.digest();
        StringBuilder sb = new StringBuilder("encoded-table-v1\u0001")
                .append(spec)
                .append('\u0001')
                .append(seed);
        sb.append('\u0001').append(p.toJson()).append('\u0001').append(Arrays.toString(totals));
        for (String path : spec.test() == null ? List.of(spec.path()) : List.of(spec.path(), spec.test())) {
            sb.append('\u0001').append(listing(spark, path));
        }
        md.update(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Sha256.hex(md);
    }

    /** The table's files with sizes and times: a table rewritten in place gets another hash. */
    private static String listing(SparkSession spark, String path) {
        try {
            Path p = new Path(URI.create(DatasetResolver.toUri(path)));
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            List<String> out = new ArrayList<>();
            for (FileStatus f : fs.listStatus(p)) {
                out.add(f.getPath().getName() + ":" + f.getLen() + ":" + f.getModificationTime());
            }
            out.sort(null);
            return String.join("|", out);
        } catch (IOException | IllegalArgumentException e) {
            return path;
        }
    }

    private static String missingReport(Map<String, Long> missing) {
        List<String> parts = new ArrayList<>();
        missing.forEach((c, n) -> parts.add("column '" + c + "' in " + n + (n == 1 ? " row" : " rows")));
        return String.join(", ", parts);
    }
}
