package io.sparksweep.api;

import io.sparksweep.driver.SweepRun;
import io.sparksweep.spark.SweepSpark;

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
 * SweepResult result = Sweeps.fromYaml(yaml).out("results").run(spark);
 * result.summary().orderBy("rank").show();
 * }</pre>
 *
 * A model class named in the sweep ({@code model: {class: ...}}) is loaded through the calling
 * thread's context class loader, so a class of the program itself needs no jar. The session is left
 * running. Not thread-safe: one {@code run} at a time per instance.
 */
public final class Sweeps {

    private final Path sweepFile;
    private final String yaml;
    private String out = "results";
    private String dataDir;
    private boolean fresh;
    private PrintStream progress = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

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
     *     that the command line would refuse (same one-line message)
     * @throws InterruptedException the calling thread was interrupted while trials ran
     */
    public SweepResult run(SparkSession session) throws InterruptedException {
        Path file = sweepFile != null ? sweepFile : writeYaml();
        SweepRun run = new SweepRun(
                        new SweepRun.Options(file.toString(), out, dataDir, null, false, fresh, 1, null), progress)
                .on(SweepSpark.attach(session));
        run.execute();
        return new SweepResult(session, run.outputFolder());
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
