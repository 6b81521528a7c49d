package io.sparksweep.data;

import io.sparksweep.space.TableSpec;
import io.sparksweep.util.Sha256;
import io.sparksweep.util.Shuffle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

/**
 * Turns the columns of a table into the float matrices trainers read: the seeded split (stratified
 * for classification), label indexing, one-hot text features with the training part's vocabulary,
 * and z-scores from the training part only (so nothing about the held-out rows leaks into training).
 */
public final class TableEncoder {

    private TableEncoder() {}

    public static TableDataset encode(RawTable table, RawTable testTable, TableSpec spec, long seed) {
        String src = table.source();
        TaskChoice choice = task(table.label(), spec.task(), src);
        TableSpec.Task task = choice.task();
        List<String> classes = null;
        int[] classOf = null, testClassOf = null;
        if (task == TableSpec.Task.CLASSIFICATION) {
            classes = classNames(table.label(), testTable == null ? null : testTable.label());
            if (classes.size() < 2) {
                throw new DatasetException(src + ": label '" + table.label().name() + "' has one class ('"
                        + classes.get(0) + "') in all " + table.rows() + " rows; classification needs at least two");
            }
            classOf = classIndex(table.label(), classes);
            testClassOf = testTable == null ? null : classIndex(testTable.label(), classes);
        }
        int[][] parts = split(table, classOf, classes, spec, seed);
        int[] trainRows = parts[0], validationRows = parts[1], testRows = parts[2];

        List<String> names = new ArrayList<>();
        List<Map<String, Integer>> vocabularies = new ArrayList<>();
        for (RawTable.Column c : table.features()) {
            if (c.isText()) {
                // vocabulary of the training part only: a value seen only in held-out rows encodes as all zeros
                TreeSet<String> values = new TreeSet<>();
                for (int r : trainRows) {
                    values.add(c.text()[r]);
                }
                Map<String, Integer> vocabulary = new HashMap<>();
                for (String v : values) {
                    vocabulary.put(v, names.size());
                    names.add(c.name() + "=" + v);
                }
                vocabularies.add(vocabulary);
            } else {
                vocabularies.add(null);
                names.add(c.name());
            }
        }
        float[] x = matrix(table, vocabularies, names.size());
        float[] testX = testTable == null ? null : matrix(testTable, vocabularies, names.size());
        double[][] stats = spec.standardize()
                ? standardize(vocabularies, names.size(), trainRows, x, testX)
                : new double[vocabularies.size()][];

        double mean = 0, std = 1;
        double[] targets = null, testTargets = null;
        if (task == TableSpec.Task.REGRESSION) {
            targets = table.label().numbers();
            testTargets = testTable == null ? null : testTable.label().numbers();
            if (spec.standardize()) {
                double[] m = meanStd(i -> table.label().numbers()[trainRows[i]], trainRows.length);
                mean = m[0];
                std = m[1];
            }
        }
        Examples train = new Examples(x, classOf, targets, trainRows);
        Examples validation = validationRows == null ? null : new Examples(x, classOf, targets, validationRows);
        Examples test = testTable == null
                ? new Examples(x, classOf, targets, testRows)
                : new Examples(testX, testClassOf, testTargets, Examples.all(testTable.rows()));
        String source = testTable == null ? src : src + " (test: " + testTable.source() + ")";
        TablePreprocessing preprocessing = preprocessing(table, vocabularies, stats, spec, task, classes, mean, std);
        TableSummary summary = summary(
                table,
                testTable,
                spec,
                choice,
                preprocessing,
                names.size(),
                classes,
                classOf,
                testClassOf,
                trainRows,
                train,
                validation,
                test);
        return new TableDataset(
                source,
                names,
                classes,
                train,
                validation,
                test,
                mean,
                std,
                sha256(names, classes, train, validation, test, mean, std),
                preprocessing,
                summary);
    }

    /** The task, and why, in words for the summary. */
    public record TaskChoice(TableSpec.Task task, String reason) {}

    /** The most distinct whole numbers a label may hold to be taken as classes without {@code task:}. */
    static final int MAX_CLASSES_BY_DEFAULT = 20;

    private static TablePreprocessing preprocessing(
            RawTable table,
            List<Map<String, Integer>> vocabularies,
            double[][] stats,
            TableSpec spec,
            TableSpec.Task task,
            List<String> classes,
            double mean,
            double std) {
        List<TablePreprocessing.FeatureColumn> columns = new ArrayList<>();
        for (int c = 0; c < table.features().size(); c++) {
            RawTable.Column column = table.features().get(c);
            Map<String, Integer> vocabulary = vocabularies.get(c);
            if (vocabulary != null) {
                List<String> categories = new ArrayList<>(vocabulary.keySet());
                categories.sort(Comparator.comparing(vocabulary::get));
                columns.add(new TablePreprocessing.FeatureColumn(
                        column.name(), TablePreprocessing.Kind.CATEGORICAL, false, 0, 1, categories));
            } else {
                boolean standardized = stats[c] != null;
                columns.add(new TablePreprocessing.FeatureColumn(
                        column.name(),
                        column.kind() == RawTable.ColumnKind.BOOLEAN
                                ? TablePreprocessing.Kind.BOOLEAN
                                : TablePreprocessing.Kind.NUMERIC,
                        standardized,
                        standardized ? stats[c][0] : 0,
                        standardized ? stats[c][1] : 1,
                        null));
            }
        }
        return new TablePreprocessing(
                TablePreprocessing.VERSION,
                spec.naValues(),
                spec.dropMissing() ? "drop" : "refuse",
                columns,
                table.label().name(),
                TablePreprocessing.taskName(task == TableSpec.Task.CLASSIFICATION),
                classes,
                mean,
                std);
    }

    private static TableSummary summary(
            RawTable table,
            RawTable testTable,
            TableSpec spec,
            TaskChoice choice,
            TablePreprocessing preprocessing,
            int features,
            List<String> classes,
            int[] classOf,
            int[] testClassOf,
            int[] trainRows,
            Examples train,
            Examples validation,
            Examples test) {
        List<TableSummary.ColumnLine> lines = columnLines(
                table.label().name(),
                table.label().kind(),
                choice.task() == TableSpec.Task.CLASSIFICATION ? classes.size() : 0,
                spec.standardize(),
                preprocessing,
                table.excluded());
        Map<String, Long> counts = null;
        TableSummary.Range range = null;
        if (classes != null) {
            counts = new LinkedHashMap<>();
            long[] n = new long[classes.size()];
            for (int[] of : new int[][] {classOf, testClassOf}) {
                if (of != null) {
                    for (int c : of) {
                        n[c]++;
                    }
                }
            }
            for (int c = 0; c < n.length; c++) {
                counts.put(classes.get(c), n[c]);
            }
        } else {
            double[] y = table.label().numbers();
            double[] m = meanStd(i -> y[trainRows[i]], trainRows.length);
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int r : trainRows) {
                min = Math.min(min, y[r]);
                max = Math.max(max, y[r]);
            }
            range = new TableSummary.Range(min, max, m[0], m[1]);
        }
        return new TableSummary(
                table.source(),
                table.rowsRead(),
                table.rowsRead() - table.rows(),
                table.missing(),
                train.size(),
                validation == null ? null : validation.size(),
                test.size(),
                lines,
                features,
                choice.task().name().toLowerCase(Locale.ROOT),
                choice.reason(),
                counts,
                range);
    }

    /**
     * The summary's column lines: the label, each feature column's encoding, then the columns left out.
     *
     * @param classes the number of classes, 0 for regression
     */
    public static List<TableSummary.ColumnLine> columnLines(
            String labelName,
            RawTable.LabelKind labelKind,
            int classes,
            boolean standardize,
            TablePreprocessing preprocessing,
            Map<String, String> excluded) {
        List<TableSummary.ColumnLine> lines = new ArrayList<>();
        lines.add(new TableSummary.ColumnLine(
                labelName,
                "label (" + labelKind.name().toLowerCase(Locale.ROOT) + ")",
                classes > 0 ? classes + " classes" : standardize ? "target, z-scored" : "target"));
        for (TablePreprocessing.FeatureColumn c : preprocessing.columns()) {
            lines.add(
                    switch (c.kind()) {
                        case CATEGORICAL ->
                            new TableSummary.ColumnLine(
                                    c.name(),
                                    "text",
                                    "one-hot, " + c.categories().size() + " categories");
                        case BOOLEAN ->
                            new TableSummary.ColumnLine(
                                    c.name(), "boolean", c.standardized() ? "0/1, z-scored" : "0/1");
                        case NUMERIC ->
                            new TableSummary.ColumnLine(c.name(), "numeric", c.standardized() ? "z-scored" : "as is");
                    });
        }
        excluded.forEach((name, why) -> lines.add(new TableSummary.ColumnLine(name, "-", "excluded: " + why)));
        return lines;
    }

    /**
     * Classification or regression. Asked for with {@code task:}, it is that (regression of text or
     * booleans refused). Otherwise: text and booleans are classes; at most
     * {@value #MAX_CLASSES_BY_DEFAULT} distinct whole numbers (0/1, 1..5, 0.0/1.0) are classes; more
     * than that many distinct numbers written with decimals are a number to predict; anything else
     * (many distinct whole numbers, a few fractional values) is ambiguous and refused with a request
     * for {@code task:}.
     */
    public static TaskChoice task(RawTable.Label label, TableSpec.Task asked, String src) {
        String name = label.name();
        if (asked == TableSpec.Task.REGRESSION
                && (label.kind() == RawTable.LabelKind.TEXT || label.kind() == RawTable.LabelKind.BOOLEAN)) {
            throw new DatasetException(src + ": task: regression needs a numeric label, but '" + name + "' is "
                    + label.kind().name().toLowerCase(Locale.ROOT)
                    + (label.text() != null && label.text().length > 0 ? " (e.g. '" + label.text()[0] + "')" : ""));
        }
        if (asked != null) {
            return new TaskChoice(asked, "task: " + asked.name().toLowerCase(Locale.ROOT) + " in the sweep file");
        }
        if (label.kind() == RawTable.LabelKind.TEXT) {
            return new TaskChoice(TableSpec.Task.CLASSIFICATION, "'" + name + "' is text");
        }
        if (label.kind() == RawTable.LabelKind.BOOLEAN) {
            return new TaskChoice(TableSpec.Task.CLASSIFICATION, "'" + name + "' is true/false");
        }
        TreeSet<Double> distinct = new TreeSet<>();
        boolean whole = true;
        for (double v : label.numbers()) {
            whole &= v == Math.rint(v);
            if (distinct.size() <= MAX_CLASSES_BY_DEFAULT) {
                distinct.add(v);
            }
        }
        boolean few = distinct.size() <= MAX_CLASSES_BY_DEFAULT;
        if (few && whole) {
            return new TaskChoice(
                    TableSpec.Task.CLASSIFICATION,
                    "'" + name + "' holds " + distinct.size() + " distinct whole numbers; up to "
                            + MAX_CLASSES_BY_DEFAULT
                            + " are taken as classes, task: regression predicts it as a number instead");
        }
        if (!few && label.kind() == RawTable.LabelKind.REAL) {
            return new TaskChoice(
                    TableSpec.Task.REGRESSION,
                    "'" + name + "' holds more than " + MAX_CLASSES_BY_DEFAULT
                            + " distinct numbers written with decimals, taken as a number to predict");
        }
        throw new DatasetException(
                src + ": label '" + name + "' holds "
                        + (few
                                ? distinct.size() + " distinct numbers, not all whole"
                                : "more than " + MAX_CLASSES_BY_DEFAULT + " distinct whole numbers")
                        + ": classes or a number to predict? add task: classification or task: regression to the dataset block");
    }

    /** The classes of both tables, in numeric order for numbers, text order for text. */
    public static List<String> classNames(RawTable.Label label, RawTable.Label testLabel) {
        if (label.text() != null) {
            TreeSet<String> set = new TreeSet<>(Arrays.asList(label.text()));
            if (testLabel != null) {
                set.addAll(Arrays.asList(testLabel.text()));
            }
            return new ArrayList<>(set);
        }
        TreeSet<Double> set = new TreeSet<>();
        for (double v : label.numbers()) {
            set.add(v);
        }
        if (testLabel != null) {
            for (double v : testLabel.numbers()) {
                set.add(v);
            }
        }
        return set.stream().map(v -> className(label.kind(), v)).toList();
    }

    /** A numeric or boolean label value's class name: {@code true}/{@code false}, a whole number without decimals, or the number. */
    public static String className(RawTable.LabelKind kind, double v) {
        if (kind == RawTable.LabelKind.BOOLEAN) {
            return v != 0 ? "true" : "false";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static int[] classIndex(RawTable.Label label, List<String> classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int n = label.text() != null ? label.text().length : label.numbers().length;
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            out[r] = index.get(label.text() != null ? label.text()[r] : className(label.kind(), label.numbers()[r]));
        }
        return out;
    }

    /**
     * Rows of the training, validation (null if none) and test parts (null with a separate test table).
     * Classification: each class is split on its own, so every part has every class in about its share;
     * a class too small to give every part at least one example is refused.
     */
    static int[][] split(RawTable table, int[] classOf, List<String> classes, TableSpec spec, long seed) {
        double testFraction = spec.test() == null ? spec.testFraction() : 0;
        double valFraction = spec.validationFraction() == null ? 0 : spec.validationFraction();
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        if (classOf == null) {
            groups.add(Examples.all(table.rows()));
        } else {
            int[] counts = new int[classes.size()];
            for (int c : classOf) {
                counts[c]++;
            }
            int[][] byClass = new int[classes.size()][];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            int[] fill = new int[classes.size()];
            for (int r = 0; r < classOf.length; r++) {
                byClass[classOf[r]][fill[classOf[r]]++] = r;
            }
            groups.addAll(Arrays.asList(byClass));
        }
        List<Integer> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int[] rows = groups.get(g).clone();
            if (rows.length == 0) {
                continue; // a class only the separate test table has
            }
            Shuffle.ints(rows, rng);
            int nTest = share(rows.length, testFraction);
            int nVal = share(rows.length, valFraction);
            String what = classOf == null
                    ? "the table's " + rows.length + " rows"
                    : "class '" + classes.get(g) + "' (" + rows.length + " rows)";
            if (rows.length - nTest - nVal < 1 || (testFraction > 0 && nTest < 1) || (valFraction > 0 && nVal < 1)) {
                throw new DatasetException(table.source() + ": " + fractions(spec) + " leave fewer than one example of "
                        + what + " in "
                        + (rows.length - nTest - nVal < 1
                                ? "the training part"
                                : nTest < 1 && testFraction > 0 ? "the test part" : "the validation part")
                        + "; use a larger table or other fractions");
            }
            for (int i = 0; i < rows.length; i++) {
                (i < nTest ? test : i < nTest + nVal ? val : train).add(rows[i]);
            }
        }
        return new int[][] {
            sorted(train), valFraction > 0 ? sorted(val) : null, spec.test() == null ? sorted(test) : null
        };
    }

    /** A class of any size gets at least one example in each held-out part (a part with no example of it says nothing about it). */
    private static int share(int n, double fraction) {
        if (fraction <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.round(n * fraction));
    }

    private static String fractions(TableSpec spec) {
        String s = spec.test() == null ? "test_fraction " + spec.testFraction() : "";
        if (spec.validationFraction() != null) {
            s += (s.isEmpty() ? "" : " and ") + "validation_fraction " + spec.validationFraction();
        }
        return s;
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The row-major matrix: numeric columns as they are, text columns one-hot. */
    private static float[] matrix(RawTable t, List<Map<String, Integer>> vocabularies, int width) {
        if ((long) t.rows() * width > Integer.MAX_VALUE - 8) {
            throw new DatasetException(
                    t.source() + ": " + t.rows() + " rows x " + width + " encoded columns is more than one "
                            + "Java array holds (2^31 values); use fewer rows or features");
        }
        float[] x = new float[t.rows() * width];
        int col = 0;
        for (int c = 0; c < t.features().size(); c++) {
            RawTable.Column column = t.features().get(c);
            Map<String, Integer> vocabulary = vocabularies.get(c);
            if (vocabulary == null) {
                float[] v = column.numbers();
                for (int r = 0; r < t.rows(); r++) {
                    x[r * width + col] = v[r];
                }
                col++;
            } else {
                for (int r = 0; r < t.rows(); r++) {
                    Integer j = vocabulary.get(column.text()[r]);
                    if (j != null) {
                        x[r * width + j] = 1f;
                    }
                }
                col += vocabulary.size();
            }
        }
        return x;
    }

    /**
     * z-scores of the numeric columns with the training rows' mean and deviation; one-hot columns stay
     * 0/1. Returns each column's mean and deviation (null for one-hot columns).
     */
    private static double[][] standardize(
            List<Map<String, Integer>> vocabularies, int width, int[] trainRows, float[] x, float[] testX) {
        double[][] stats = new double[vocabularies.size()][];
        int col = 0;
        for (int c = 0; c < vocabularies.size(); c++) {
            Map<String, Integer> vocabulary = vocabularies.get(c);
            if (vocabulary != null) {
                col += vocabulary.size();
                continue;
            }
            final int j = col++;
            double[] m = meanStd(i -> x[trainRows[i] * width + j], trainRows.length);
            stats[c] = m;
            float mean = (float) m[0], scale = (float) (1.0 / m[1]);
            for (float[] a : new float[][] {x, testX}) {
                if (a != null) {
                    for (int i = j; i < a.length; i += width) {
                        a[i] = (a[i] - mean) * scale;
                    }
                }
            }
        }
        return stats;
    }

    /** Mean and population deviation; a constant column gets deviation 1, so it becomes all zeros. */
    static double[] meanStd(IntToDoubleFunction v, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v.applyAsDouble(i);
        }
        double mean = sum / n, ss = 0;
        for (int i = 0; i < n; i++) {
            double d = v.applyAsDouble(i) - mean;
            ss += d * d;
        }
        double std = Math.sqrt(ss / n);
        return new double[] {mean, std > 0 ? std : 1};
    }

    private static String sha256(
            List<String> names,
            List<String> classes,
            Examples train,
            Examples validation,
            Examples test,
            double mean,
            double std) {
        MessageDigest md = Sha256.digest();
        md.update((String.join("\u0000", names) + "\u0001" + (classes == null ? "" : String.join("\u0000", classes))
                        + "\u0001" + mean + "\u0001" + std)
                .getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (Examples e : new Examples[] {train, validation, test}) {
            if (e == null) {
                md.update((byte) 0);
                continue;
            }
            for (int r : e.rows()) {
                buf.putInt(r);
                flushIfFull(md, buf, 4);
            }
            if (e == train || e.x() != train.x()) {
                for (float f : e.x()) {
                    buf.putFloat(f);
                    flushIfFull(md, buf, 8);
                }
                if (e.classes() != null) {
                    for (int c : e.classes()) {
                        buf.putInt(c);
                        flushIfFull(md, buf, 4);
                    }
                }
                if (e.targets() != null) {
                    for (double d : e.targets()) {
                        buf.putDouble(d);
                        flushIfFull(md, buf, 8);
                    }
                }
            }
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        return Sha256.hex(md);
    }

    private static void flushIfFull(MessageDigest md, ByteBuffer buf, int next) {
        if (buf.remaining() < next) {
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
    }
}
