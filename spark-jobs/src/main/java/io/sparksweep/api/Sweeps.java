package io.sparksweep.api;

import io.sparksweep.driver.SweepRun;
import io.sparksweep.retrain.Retrain;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.train.ModelSource;
import io.sparksweep.train.SerializedModel;
import io.sparksweep.train.UserModels;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sweep run from code, on a {@code SparkSession} the program (or a Java notebook) already has, the
 * way Optuna's {@code study.optimize(objective)} is: the same sweep file, checks, seeds, Parquet
 * output and report as the command line, and the summary handed back as rows.
 *
 * <pre>{@code
 * Sweeps.SweepResult result = Sweeps.fromYaml(yaml).out("results").run(spark); // throws InterruptedException
 * result.summary().orderBy("rank").show();
 * }</pre>
 *
 * <p>A program that makes its own session needs Spark itself beside sparksweep, which declares it
 * {@code provided}: {@code org.apache.spark:spark-sql_2.12:3.5.7} at compile scope, next to
 * {@code io.sparksweep:sparksweep-spark-jobs:0.1.0-SNAPSHOT}. Its JVM needs Java 17's
 * {@code --add-opens} flags for Spark ({@code deploy/lib/java17-opens.sh}; {@code spark-submit} adds
 * them itself) and {@code OMP_NUM_THREADS=1}. {@code examples/from-code} is such a program, with its
 * pom and run command.
 *
 * A model class named in the sweep ({@code model: {class: ...}}) is loaded through the calling
 * thread's context class loader, so a class of the program itself needs no jar. The model can also
 * be handed over in code, as a class ({@link #model(Class)}) or as an instance, such as a lambda
 * made with {@link SweepModel#of} ({@link #model(SweepModel)}); the sweep then needs no
 * {@code model:} block. A 784-h-10 network on MNIST, its hidden width and learning rate searched:
 *
 * <pre>{@code
 * SweepModel mlp = SweepModel.of(
 *         "mlp-784-h-10",
 *         List.of(Param.integer("hidden", 100, 8, 1024), Param.real("learning_rate", 1e-3, 1e-5, 1.0)),
 *         trial -> new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
 *                 .seed(trial.seed())
 *                 .updater(new Adam(trial.hyperparameters().real("learning_rate")))
 *                 .list()
 *                 .layer(new DenseLayer.Builder().nIn(trial.shape().features()) // 784
 *                         .nOut(trial.hyperparameters().integer("hidden"))
 *                         .activation(Activation.RELU).build())
 *                 .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
 *                         .nOut(trial.shape().classes()) // 10
 *                         .activation(Activation.SOFTMAX).build())
 *                 .build()));
 * String yaml = """
 *         name: mnist-mlp
 *         dataset: mnist
 *         repeats: 2
 *         seed: 1
 *         fixed: {epochs: 2, batch_size: 128}
 *         search:
 *           hidden: {values: [64, 256]}
 *           learning_rate: {values: [0.001, 0.003]}
 *         """;
 * Dataset<Row> summary = Sweeps.fromYaml(yaml).model(mlp).dataDir("data").out("results").run(spark).summary();
 * summary.orderBy("rank").select("rank", "model_class", "param_hidden", "param_learning_rate").show();
 * }</pre>
 *
 * The model's name ({@code mlp-784-h-10}) is the sweep's {@code model.class}: it is in the
 * {@code model_class} column, the config ids and the stored sweep.yaml, so running the same sweep
 * with the same model again resumes it. The command line cannot load a model made in code, and says
 * so; {@link #retrain} trains its winner again on all the data. The session is left running. Not
 * thread-safe: one {@code run} at a time per instance.
 */
public final class Sweeps {

    private final Path sweepFile;
    private final String yaml;
    private String out = "results";
    private String dataDir;
    private boolean fresh;
    private PrintStream progress = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    private ModelSource model; // given in code; null: the sweep's model.class, loaded by name

    private Sweeps(Path sweepFile, String yaml) {
        this.sweepFile = sweepFile;
        this.yaml = yaml;
    }

    /** A sweep file on disk (or any path the driver reads), as the command line takes it. */
    public static Sweeps fromFile(Path sweepFile) {
        return new Sweeps(sweepFile, null);
    }

    /** A sweep given as the text of a sweep file. */
    public static Sweeps fromYaml(String yaml) {
        return new Sweeps(null, yaml);
    }

    /** The output root; results go to {@code dir/<sweep name>/} (default {@code results}). */
    public Sweeps out(String dir) {
        this.out = dir;
        return this;
    }

    /** Where named datasets' files are, as {@code --data-dir}. */
    public Sweeps dataDir(String dir) {
        this.dataDir = dir;
        return this;
    }

    /** Deletes this sweep's earlier results first, as {@code --fresh}. */
    public Sweeps fresh(boolean fresh) {
        this.fresh = fresh;
        return this;
    }

    /**
     * Runs this class's networks: made through its public no-argument constructor, one per trial (by
     * name on the executors, which load it as they load a {@code model.class}). The sweep may leave
     * out {@code model:}; one that names another class is refused.
     *
     * @param cls a {@link SweepModel} with a public no-argument constructor
     */
    public Sweeps model(Class<? extends SweepModel> cls) {
        if (cls == null) {
            throw new IllegalArgumentException("Sweeps.model: give a SweepModel class, not null");
        }
        this.model = UserModels.of(cls);
        return this;
    }

    /**
     * Runs this model's networks: the instance is serialized now, and every trial (on whichever
     * executor) builds from a fresh copy of it, read through the thread's context class loader. Its
     * name is the one given to {@link SweepModel#of}, else its class's name; the sweep may leave out
     * {@code model:}, and one that names another model is refused.
     *
     * @param instance a serializable model, such as one made with {@link SweepModel#of}
     * @throws io.sparksweep.util.RefusedException the instance, or something its lambda captures or a
     *     field holds, is not serializable (one line naming it)
     */
    public Sweeps model(SweepModel instance) {
        if (instance == null) {
            throw new IllegalArgumentException("Sweeps.model: give a SweepModel, not null");
        }
        String name = instance instanceof LambdaModel m
                ? m.name()
                : instance.getClass().getName();
        this.model = SerializedModel.of(name, instance);
        return this;
    }

    /** Where progress lines and the ranked table go (default: nowhere). */
    public Sweeps printTo(PrintStream stream) {
        this.progress = stream;
        return this;
    }

    /**
     * Runs the trials not yet stored on {@code session}, writes the summary and the report, and
     * returns them.
     *
     * @throws io.sparksweep.util.BadInputException a sweep file, dataset, model class or output folder
     *     that the command line would refuse (same one-line message); a sweep naming another model than
     *     the one given to {@code model(..)}
     * @throws InterruptedException the calling thread was interrupted while trials ran
     */
    public SweepResult run(SparkSession session) throws InterruptedException {
        Path file = sweepFile != null ? sweepFile : writeYaml();
        SweepRun run = new SweepRun(
                        new SweepRun.Options(file.toString(), out, dataDir, null, false, fresh, 1, null), progress)
                .on(SweepSpark.attach(session))
                .withModel(model);
        run.execute();
        return new SweepResult(session, run.outputFolder());
    }

    /**
     * Trains a stored sweep's best configuration (or the one {@code configId} names) again on all of
     * its training data, validation part included, data-parallel across the session's executors, and
     * stores it in the sweep's {@code models/} as {@code <config_id>-retrained.zip} with a JSON sidecar,
     * as {@code sparksweep retrain} does with its defaults: the way to retrain a model made in code
     * ({@link #model(SweepModel)}), which the command line cannot load. The network comes from the
     * model given to {@code model(..)}, else from the sweep's own {@code model.class} or built-in
     * network; {@link #dataDir} and {@link #printTo} apply. The session is left running.
     *
     * <pre>{@code
     * Sweeps sweeps = Sweeps.fromYaml(yaml).model(mlp).out("results");
     * Sweeps.SweepResult result = sweeps.run(spark);
     * String zip = sweeps.retrain(spark, result.folder(), null); // results/mnist-mlp/models/<id>-retrained.zip
     * }</pre>
     *
     * @param session     the session to train on
     * @param sweepFolder the sweep's output folder ({@link SweepResult#folder()})
     * @param configId    the configuration's {@code config_id}; null for the sweep's rank 1
     * @return the retrained network's file; its sidecar is the same name with {@code .json}
     * @throws io.sparksweep.util.BadInputException what the command line would refuse (same one-line
     *     message); a sweep of another model than the one given to {@code model(..)}
     * @throws InterruptedException the calling thread was interrupted while the network trained
     */
    public String retrain(SparkSession session, String sweepFolder, String configId) throws InterruptedException {
        Retrain.Options options = new Retrain.Options(
                sweepFolder, configId, null, null, Retrain.DEFAULT_AVERAGING_FREQUENCY, null, dataDir, null);
        return Retrain.run(options, model, SweepSpark.attach(session), progress)
                .model()
                .toString();
    }

    private Path writeYaml() {
        try {
            Path f = Files.createTempFile("sparksweep-", ".yaml");
            f.toFile().deleteOnExit();
            return Files.writeString(f, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a run left: its folder, and its Parquet tables read back through the session.
     *
     * @param session the session the sweep ran on
     * @param folder  the sweep's output folder ({@code out/<sweep name>})
     */
    public record SweepResult(SparkSession session, String folder) {

        /** One row per configuration, ranked (the {@code summary/} table). */
        public Dataset<Row> summary() {
            return session.read().parquet(folder + "/summary");
        }

        /** One row per trial (the {@code trials/} table). */
        public Dataset<Row> trials() {
            return session.read().parquet(folder + "/trials");
        }
    }
}
