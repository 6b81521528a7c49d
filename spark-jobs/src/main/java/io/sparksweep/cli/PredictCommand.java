package io.sparksweep.cli;

import io.sparksweep.spark.TablePredictor;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code sparksweep predict --model M.zip --input TABLE --out DIR}: scores a table (CSV or Parquet)
 * with a model a table sweep kept ({@code <out>/<sweep>/models/<trial_id>.zip}, its JSON sidecar
 * beside it), encoding each row as training encoded its own, and writes the table with the
 * predictions as Parquet. The work is {@link TablePredictor#predict}'s; refusals are one line and
 * exit code 2.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Scores a table (CSV or Parquet) with a model a table sweep kept and writes it with its "
                + "predictions as Parquet: the input's columns, then prediction (and probability_<class> per class).")
final class PredictCommand implements Callable<Integer> {

    /** The model zip. */
    @Option(
            names = "--model",
            paramLabel = "M.zip",
            required = true,
            description =
                    "a table sweep's kept model, <out>/<sweep>/models/<trial_id>.zip (a local path or a Hadoop URI); "
                            + "its <trial_id>.json must be beside it")
    String model;

    /** The table to score. */
    @Option(
            names = "--input",
            paramLabel = "TABLE",
            required = true,
            description =
                    "the table to score: a CSV file with a header row, a Parquet file, or a folder of either (local path or Hadoop URI)")
    String input;

    /** The output folder. */
    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "the folder the Parquet goes to; it must not exist, or be empty")
    String out;

    /** csv or parquet; null: from the input's name. */
    @Option(
            names = "--format",
            paramLabel = "csv|parquet",
            description =
                    "the input's format; default: parquet for a path ending in .parquet or a folder of Parquet files, else csv")
    String format;

    /** Whether unseen categories score as all zeros instead of refusing the table. */
    @Option(
            names = "--ignore-unknown-categories",
            description =
                    "score a category the model never saw in training as all zeros (as held-out rows were) instead of refusing the table")
    boolean ignoreUnknownCategories;

    /** The Spark master; null: spark-submit's, else local[*]. */
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master; default: whatever spark-submit set, else local[*]")
    String master;

    /** Whether to show Spark's, DL4J's and ND4J's INFO logs. */
    @Option(
            names = {"-v", "--verbose"},
            description = "show Spark's, DL4J's and ND4J's INFO logs (and a failure's stack trace)")
    boolean verbose;

    /** Scores the table; the summary goes to standard output. */
    @Override
    public Integer call() {
        run(System.out);
        return 0;
    }

    /** Scores the table, printing the summary to {@code console}. */
    void run(PrintStream console) {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
        }
        TablePredictor.predict(
                new TablePredictor.Options(model, input, out, format, ignoreUnknownCategories, master), console);
    }
}
