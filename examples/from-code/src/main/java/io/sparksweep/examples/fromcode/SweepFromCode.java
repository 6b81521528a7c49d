package io.sparksweep.examples.fromcode;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.Sweeps;
import io.sparksweep.util.SweepException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * A Java program that runs a sweep from code: it makes its own {@code SparkSession}, defines a small
 * MLP as a lambda with {@link SweepModel#of}, runs {@code Sweeps.fromYaml(..).model(..).run(spark)}
 * and prints the summary rows it gets back (rank, hyperparameters, mean ± std of validation and test
 * accuracy).
 *
 * <pre>
 * SweepFromCode [--master URL] [--table CSV] [--label COLUMN] [--epochs N] [--out DIR] [--fresh]
 * </pre>
 *
 * Defaults: {@code local[*]}, the digits table examples/residual-graph ships (label {@code digit}),
 * 20 epochs, {@code results}. The sweep is {@code from-code-<table's file name>} (results in
 * {@code results/from-code-digits}), so another table is another sweep; the same one again resumes.
 * Bad arguments or a sweep sparksweep refuses: one line and exit 2.
 */
public final class SweepFromCode {

    static final String USAGE =
            "usage: SweepFromCode [--master URL] [--table CSV] [--label COLUMN] [--epochs N] [--out DIR] [--fresh]";

    private SweepFromCode() {}

    /** Runs the sweep; exits with sparksweep's exit code when it fails (2: bad input, nothing written). */
    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The program without its {@code System.exit}, for tests: 0 when the sweep ran, else the exit code.
     *
     * @param out progress lines, sparksweep's ranked table and the summary rows
     * @param err the one-line error
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long started = System.nanoTime();
        // The program's own session, as a notebook or an application would have it; sparksweep uses it as it
        // is and leaves it running. spark.* system properties (-Dspark.ui.enabled=false, ...) apply too.
        SparkSession spark = SparkSession.builder()
                .master(options.master())
                .appName("sparksweep from code")
                .getOrCreate();
        try {
            Sweeps.SweepResult result = Sweeps.fromYaml(sweepYaml(options))
                    .model(mlp())
                    .out(options.out())
                    .fresh(options.fresh())
                    .printTo(out) // the progress lines and the ranked table, as the command line prints them
                    .run(spark);
            // a configuration with no OK trial has no rank: last, not first as Spark sorts nulls
            List<Row> rows =
                    result.summary().orderBy(col("rank").asc_nulls_last()).collectAsList();
            out.println();
            out.println("summary rows returned to the program (" + result.folder() + "/summary):");
            SummaryTable.print(rows, out);
            out.printf(
                    Locale.ROOT, "wall time %.1f s (session start to summary)%n", (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (SweepException e) {
            // a sweep file, table or model the command line would refuse: the same one line
            err.println("error: " + e.userMessage());
            return e.exitCode();
        } finally {
            spark.stop();
        }
    }

    /**
     * The model, in code: a features-hidden-classes MLP with Adam, its hidden width and learning rate
     * declared for the sweep to search. The lambda captures nothing, so it serializes to the executors.
     */
    static SweepModel mlp() {
        return SweepModel.of(
                "mlp-from-code",
                List.of(Param.integer("hidden", 64, 4, 1024), Param.real("learning_rate", 0.003, 1e-5, 1.0)),
                trial -> {
                    Hyperparameters h = trial.hyperparameters();
                    int classes = trial.shape().classes(); // 0 for a regression: one linear output
                    return new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                            .seed(trial.seed()) // a repeat's seed: reruns give the same numbers
                            .updater(new Adam(h.real("learning_rate")))
                            .list()
                            .layer(new DenseLayer.Builder()
                                    .nIn(trial.shape().features())
                                    .nOut(h.integer("hidden"))
                                    .activation(Activation.RELU)
                                    .build())
                            .layer(
                                    classes == 0
                                            ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                                    .nOut(1)
                                                    .activation(Activation.IDENTITY)
                                                    .build()
                                            : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                                    .nOut(classes)
                                                    .activation(Activation.SOFTMAX)
                                                    .build())
                            .build());
                });
    }

    /** The sweep: 2 widths x 3 learning rates, 3 seeded repeats each, selected on a validation part. */
    static String sweepYaml(Options options) {
        return """
                name: %s
                description: a lambda-defined MLP swept from a Java program (examples/from-code)
                dataset:
                  format: csv
                  path: %s
                  label: %s
                  test_fraction: 0.2
                  validation_fraction: 0.2
                repeats: 3
                seed: 5
                fixed: {epochs: %d, batch_size: 32}
                search:
                  hidden: {values: [32, 128]}
                  learning_rate: {values: [0.001, 0.003, 0.01]}
                """.formatted(options.sweepName(), quoted(options.table()), quoted(options.label()), options.epochs());
    }

    /** A YAML double-quoted string, so that any path or column name stays one scalar. */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
