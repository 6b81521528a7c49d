package io.sparksweep.cli;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.train.NativeBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * For deploy/run-local.sh, once after each build: one tiny real sweep (Spark in local mode, DL4J
 * training, Parquet rows, the report) on generated data, run by a JVM that records every class it
 * loads into a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}). Later runs map that
 * archive instead of loading and verifying Spark's, Hadoop's and DL4J's classes again: about a
 * second less start-up per run on the reference machine (docs/benchmarks.md, "Class-data sharing").
 */
public final class ClassArchiveRun {

    private ClassArchiveRun() {}

    public static void main(String[] args) throws IOException {
        NativeBuild.select();
        Path dir = Files.createTempDirectory("sparksweep-class-archive");
        int code;
        try {
            code = sweep(dir);
        } finally {
            delete(dir);
        }
        System.exit(code);
    }

    /** Runs the tiny sweep with everything under {@code dir}; returns the CLI's exit code. */
    static int sweep(Path dir) throws IOException {
        Path data = TinyIdx.write(dir.resolve("data"), 120, 40, true);
        Path sweep = dir.resolve("archive.yaml");
        Files.writeString(
                sweep,
                "name: archive\ndataset: idx:" + data + "\nrepeats: 1\nseed: 1\n"
                        + "fixed: {width: 8, epochs: 2, batch_size: 40}\nsearch:\n  learning_rate: {values: [0.1, 0.2]}\n");
        return SweepCli.run(
                new String[] {sweep.toString(), "--out", dir.resolve("out").toString(), "--master", "local[1]"},
                System.err);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
