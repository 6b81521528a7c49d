package io.sparksweep.cli;

import io.sparksweep.driver.SweepRun;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.trial.Versions;
import io.sparksweep.util.SweepException;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** The command line: {@code sparksweep SWEEP_FILE [--out DIR] [...]}, and {@code sparksweep report DIR}. */
@Command(
        name = "sparksweep",
        mixinStandardHelpOptions = true,
        versionProvider = SweepCli.Version.class,
        subcommands = {
            ReportCommand.class,
            ExportCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            RetrainCommand.class
        },
        description =
                "Runs a hyperparameter sweep of DL4J networks on Spark and stores trials and repeat statistics as Parquet.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:sweep finished (failed or diverged trials are results, not errors)",
            "1:the Spark job failed",
            "2:bad input: sweep file, options, dataset, output folder or Spark master",
            "3:internal error or the driver out of memory (--verbose shows the stack trace)"
        })
public final class SweepCli implements Callable<Integer> {

    // optional to picocli so that `sparksweep report DIR` needs none; required in call()
    @Parameters(
            paramLabel = "SWEEP_FILE",
            arity = "0..1",
            description =
                    "the sweep file (YAML): a local path, e.g. search-spaces/quickstart.yaml, or a Hadoop URI (hdfs://, s3a://, file://) every driver host can read")
    String sweepFile;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "output root; results go to DIR/<sweep name>/ (a local path or a Hadoop URI). Default: ${DEFAULT-VALUE}")
    String out;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "directory with the dataset's IDX files (or a <dataset>/ folder of them); "
                    + "default: $SPARKSWEEP_DATA_DIR, then the cache, then a verified download")
    String dataDir;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master; default: whatever spark-submit set, else local[*]")
    String master;

    @Option(names = "--dry-run", description = "print the plan and exit; trains and writes nothing")
    boolean dryRun;

    @Option(
            names = "--fresh",
            description = "delete this sweep's earlier results first (needed when the sweep file changed)")
    boolean fresh;

    @Option(
            names = "--threads-per-trial",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "ND4J threads per trial (spark.task.cpus); one is fastest on small machines. Default: ${DEFAULT-VALUE}")
    int threadsPerTrial;

    @Option(
            names = "--trial",
            paramLabel = "TRIAL_ID",
            description =
                    "re-run this one trial of the plan on the driver and compare it with its stored row; writes nothing")
    String rerunTrial;

    @Option(
            names = "--jars",
            paramLabel = "A.jar,B.jar",
            split = ",",
            description = "jars with a model class (model: {class: ...}) and its dependencies: loaded here and "
                    + "shipped to the executors (spark.jars); deploy/run-local.sh also puts them on the class path")
    List<String> jars;

    @Option(
            names = "--trace",
            description = "early stopping and tpe: print where the time went (per segment: the scheduler, Spark, "
                    + "checkpoints, training, evaluation, commits), slot utilisation and the output folder's peak "
                    + "size at the end, and write trace.csv with a row per segment")
    boolean trace;

    @Option(
            names = {"-v", "--verbose"},
            description = "show Spark's, DL4J's and ND4J's INFO logs")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
        }
        if (sweepFile == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Missing required parameter: SWEEP_FILE");
        }
        if (threadsPerTrial < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--threads-per-trial must be >= 1");
        }
        if (jars != null) {
            UserJars.install(jars);
        }
        new SweepRun(
                        new SweepRun.Options(
                                sweepFile, out, dataDir, master, dryRun, fresh, threadsPerTrial, rerunTrial),
                        System.out)
                .traced(trace)
                .execute();
        return 0;
    }

    public static void main(String[] args) {
        NativeBuild.select(); // before anything touches ND4J
        int code = run(args, System.err);
        if (insideYarnApplicationMaster()) {
            // YARN cluster mode runs main in the ApplicationMaster's JVM: System.exit there, even 0,
            // makes YARN record the application FAILED ("Shutdown hook called before final status was
            // reported") and start a second attempt. Return, or fail with an exception YARN reports.
            if (code != 0) {
                throw new IllegalStateException(
                        "sparksweep exited with code " + code + ": its error line is in the driver's stderr"
                                + " (yarn logs -applicationId " + System.getProperty("spark.yarn.app.id") + ")");
            }
            return;
        }
        System.exit(code);
    }

    /** The properties Spark's YARN ApplicationMaster sets before it calls main in cluster mode. */
    static boolean insideYarnApplicationMaster() {
        return "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.yarn.app.id") != null;
    }

    /** Runs the command line as {@code main} does, but returns the exit code instead of exiting; errors go to {@code err}. */
    public static int run(String[] args, PrintStream err) {
        CommandLine cli = new CommandLine(new SweepCli());
        cli.setErr(new PrintWriter(err, true));
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, verbose, err));
        // a bad option or argument is bad input like any other: one line, error: first, exit 2
        cli.setParameterExceptionHandler((e, arguments) -> {
            String command = e.getCommandLine().getCommandName();
            err.println("error: " + e.getMessage() + " (" + (command.equals("sparksweep") ? "" : command + " ")
                    + "--help lists the options)");
            return SweepException.BAD_INPUT;
        });
        try {
            return cli.execute(args);
        } catch (Throwable t) { // an Error (OutOfMemoryError, ...) passes picocli's handler
            return report(t, verbose, err);
        }
    }

    /** One line for the user, the exit code its type carries; the stack trace only with --verbose. */
    static int report(Throwable t, boolean verbose, PrintStream err) {
        if (SweepRun.interrupted() && !verbose) {
            return INTERRUPTED; // the interrupt's own line said what happened; Spark's failure after it is no news
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        if (t instanceof SweepException e) {
            err.println("error: " + e.userMessage());
            return e.exitCode();
        }
        String what = t instanceof OutOfMemoryError
                ? "the driver ran out of memory (" + t.getMessage()
                        + "); give it more (spark-submit --driver-memory, or "
                        + "SPARKSWEEP_DRIVER_MEMORY with deploy/run-local.sh)"
                : "internal error: " + t.getClass().getName()
                        + (t.getMessage() == null
                                ? ""
                                : ": " + t.getMessage().lines().findFirst().orElse(""));
        err.println("error: " + what + (verbose ? "" : " (--verbose shows the stack trace)"));
        return SweepException.INTERNAL;
    }

    /** The shell's code for a process ended by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sparksweep " + Versions.sparksweep() + " (DL4J " + Versions.dl4j() + ")"};
        }
    }
}
