package io.sparksweep.train;

import io.sparksweep.data.TablePreprocessing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A model kept by a table sweep, scoring raw rows of a table as training saw them: each row's cells
 * encoded by the model's {@link TablePreprocessing}, a batch of rows through the network at once. A
 * row the encoding cannot take (a missing value, text where a number belongs, an unseen category
 * unless ignored) gets no output. No Spark here: {@code io.sparksweep.spark.TablePredictor} runs one
 * scorer per partition. Not thread-safe (it reuses its input buffer).
 */
public final class TableScorer {

    /** Rows per forward pass. */
    public static final int BATCH = 1024;

    private final TablePreprocessing preprocessing;
    private final Net net;
    private final boolean ignoreUnknownCategories;
    private final int width;
    private final int outputs;
    private final float[] buffer;

    /**
     * @param preprocessing           the model's preprocessing (its sidecar's {@code preprocessing} block)
     * @param net                     the model, as {@link #restore} gives it
     * @param ignoreUnknownCategories an unseen category encodes as all zeros instead of leaving the row unscored
     */
    public TableScorer(TablePreprocessing preprocessing, Net net, boolean ignoreUnknownCategories) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        this.preprocessing = preprocessing;
        this.net = net;
        this.ignoreUnknownCategories = ignoreUnknownCategories;
        this.width = preprocessing.width();
        this.outputs = outputs(preprocessing);
        this.buffer = new float[BATCH * width];
    }

    /** The network's outputs per row: one probability per class, or one (standardized) number. */
    public static int outputs(TablePreprocessing preprocessing) {
        return preprocessing.classification() ? preprocessing.classes().size() : 1;
    }

    /**
     * A model zip's network in float32, as the sweep stored it: a MultiLayerNetwork, or a user's
     * ComputationGraph of one input and one output ({@link StoredNet}).
     *
     * @throws IllegalArgumentException the bytes are not a DL4J model zip sparksweep can score (one line saying why)
     */
    public static Net restore(byte[] zip) {
        return StoredNet.restore(zip);
    }

    /**
     * Checks that the network takes the preprocessing's input width and gives its outputs (a row of
     * zeros through it).
     *
     * @throws IllegalArgumentException one line saying what does not fit
     */
    public static void requireFits(Net net, TablePreprocessing preprocessing) {
        int f = preprocessing.width(), k = outputs(preprocessing);
        long got;
        try {
            got = NetworkProbe.outputs(net, f);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the network does not take the " + f + " inputs its preprocessing makes ("
                            + NetworkProbe.firstLine(e) + ")",
                    e);
        }
        if (got != k) {
            throw new IllegalArgumentException("the network gives " + got + " outputs per row, its preprocessing "
                    + (preprocessing.classification() ? "names " + k + " classes" : "expects one number"));
        }
    }

    /**
     * Scores at most {@link #BATCH} rows in one forward pass.
     *
     * @param rows each row's value per feature column, in the preprocessing's column order (see
     *             {@link TablePreprocessing#encode})
     * @return per row: the network's {@link #outputs} (class probabilities, or the standardized target:
     *         {@link TablePreprocessing#target} turns it into the label's units), or null for a row the
     *         encoding cannot take
     */
    public float[][] score(List<Object[]> rows) {
        if (rows.size() > BATCH) {
            throw new IllegalArgumentException(rows.size() + " rows: at most " + BATCH + " per call");
        }
        float[][] result = new float[rows.size()][];
        int[] at = new int[rows.size()];
        int n = 0;
        for (int r = 0; r < rows.size(); r++) {
            try {
                preprocessing.encode(rows.get(r), buffer, n * width, ignoreUnknownCategories);
                at[n++] = r;
            } catch (TablePreprocessing.BadValue e) {
                // no output for this row
            }
        }
        if (n == 0) {
            return result;
        }
        float[] p;
        try (INDArray x = Nd4j.create(Arrays.copyOf(buffer, n * width), new long[] {n, width}, DataType.FLOAT)) {
            INDArray y = net.output(x);
            p = y.dup('c').data().asFloat();
            y.close();
        }
        for (int i = 0; i < n; i++) {
            result[at[i]] = Arrays.copyOfRange(p, i * outputs, (i + 1) * outputs);
        }
        return result;
    }

    /**
     * Why a row gets no output: the index of its first feature column the encoding cannot take, or -1
     * if it can take them all. An unseen category counts only when unknown categories are not ignored.
     */
    public static int badColumn(TablePreprocessing preprocessing, Object[] row, boolean ignoreUnknownCategories) {
        List<TablePreprocessing.FeatureColumn> columns = preprocessing.columns();
        for (int c = 0; c < columns.size(); c++) {
            TablePreprocessing one = new TablePreprocessing(
                    preprocessing.version(),
                    preprocessing.naValues(),
                    preprocessing.missing(),
                    List.of(columns.get(c)),
                    preprocessing.label(),
                    preprocessing.task(),
                    preprocessing.classes(),
                    preprocessing.targetMean(),
                    preprocessing.targetStd());
            try {
                one.encode(new Object[] {row[c]}, new float[columns.get(c).width()], 0, ignoreUnknownCategories);
            } catch (TablePreprocessing.BadValue e) {
                return c;
            }
        }
        return -1;
    }

    /** The index of the largest probability (the first of equal ones). */
    public static int argmax(float[] p) {
        int arg = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[arg]) {
                arg = j;
            }
        }
        return arg;
    }

    /**
     * The class index of a label cell as training indexed it, -1 for a value that is none of the
     * model's classes, -2 for a missing cell. Classes are named as training named them: text trimmed,
     * whole numbers without a decimal point (1.0 is class "1"), booleans "true"/"false".
     */
    public static int labelClass(TablePreprocessing preprocessing, Object cell) {
        if (cell == null || (cell instanceof String s && preprocessing.isMissing(s))) {
            return -2;
        }
        List<String> classes = preprocessing.classes();
        String text = cell instanceof String s ? s.trim() : String.valueOf(cell);
        int i = classes.indexOf(text);
        if (i >= 0) {
            return i;
        }
        if (cell instanceof Boolean || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            int b = classes.indexOf(text.toLowerCase(Locale.ROOT));
            if (b >= 0) {
                return b;
            }
        }
        Double d = number(cell);
        if (d == null) {
            return -1;
        }
        String name = d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        return classes.indexOf(name);
    }

    /** A label cell as a finite number, or null (missing, or not a number). */
    public static Double number(Object cell) {
        if (cell instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (cell == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(cell.toString().trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
