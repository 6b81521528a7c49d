package io.sparksweep.cli;

import io.sparksweep.retrain.Retrain;
import io.sparksweep.spark.DataParallelTraining;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sparksweep retrain <out>/<sweep> [--config ID] [--epochs N] [--workers N] [--jars A.jar]}: the sweep's best
 * configuration (or the one named) trained on all its training data across the executors with DL4J
 * Spark's parameter averaging, evaluated on the test part and stored in {@code models/} as
 * {@code <config_id>-retrained.zip} with a JSON sidecar. The work is {@link Retrain#run}'s.
 */
@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        description = "Trains a sweep's best configuration (or --config ID) on all of its training data, data-parallel "
                + "across the executors (DL4J Spark, parameter averaging), evaluates it on the test part and stores it "
                + "in <sweep>/models/<config_id>-retrained.zip with a JSON sidecar.")
final class RetrainCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "SWEEP_OUTPUT",
            description = "a sweep's output folder, e.g. results/quickstart (a local path or a Hadoop URI)")
    String sweepOutput;

    @Option(
            names = "--config",
            paramLabel = "ID",
            description = "the configuration to retrain (its config_id in summary/); default: rank 1")
    String config;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "passes over the training data; default: the configuration's own epochs")
    Integer epochs;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "workers training at once; default: every slot of the Spark application")
    Integer workers;

    @Option(
            names = "--averaging-frequency",
            paramLabel = "N",
            defaultValue = "" + Retrain.DEFAULT_AVERAGING_FREQUENCY,
            description = "minibatches each worker fits between two parameter averagings. Default: ${DEFAULT-VALUE}")
    int averagingFrequency;

    @Option(
            names = "--approach",
            paramLabel = "direct|export",
            converter = ApproachConverter.class,
            description = "how minibatches reach the workers: direct (made once, kept on the executors' local disks as "
                    + "Spark shuffle files; the default) or export (written once as files under the sweep's folder, "
                    + "which every executor must reach: HDFS, S3, or local mode)")
    DataParallelTraining.Approach approach;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "directory with the dataset's IDX files; default: $SPARKSWEEP_DATA_DIR, then the cache, "
                    + "then a verified download")
    String dataDir;

    @Option(
            names = "--jars",
            paramLabel = "A.jar,B.jar",
            split = ",",
            description =
                    "a user's model: the jars with its class and dependencies, as the sweep's --jars (loaded here "
                            + "and shipped to the executors; deploy/run-local.sh also puts them on the class path)")
    List<String> jars;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master; default: whatever spark-submit set, else local[*]")
    String master;

    @Option(
            names = {"-v", "--verbose"},
            description = "show Spark's, DL4J's and ND4J's INFO logs (and a failure's stack trace)")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        run(System.out);
        return 0;
    }

    void run(PrintStream console) throws InterruptedException {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
        }
        if (jars != null) {
            UserJars.install(jars);
        }
        Retrain.run(
                new Retrain.Options(
                        sweepOutput, config, epochs, workers, averagingFrequency, master, dataDir, approach),
                console);
    }

    /** {@code direct} or {@code export}, lower case as the sidecar writes them; anything else is refused. */
    static final class ApproachConverter implements CommandLine.ITypeConverter<DataParallelTraining.Approach> {
        @Override
        public DataParallelTraining.Approach convert(String value) {
            for (DataParallelTraining.Approach a : DataParallelTraining.Approach.values()) {
                if (a.label().equals(value)) {
                    return a;
                }
            }
            throw new CommandLine.TypeConversionException("must be direct or export (got '" + value + "')");
        }
    }
}
