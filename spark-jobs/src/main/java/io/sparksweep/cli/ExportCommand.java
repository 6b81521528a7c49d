package io.sparksweep.cli;

import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.driver.SweepSource;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.TableReader;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.util.RefusedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sparksweep export-table SWEEP_FILE DIR}: writes a table sweep's parts as the trials see
 * them (encoded, standardized, split with the sweep's seed) to DIR/train.csv, validation.csv and
 * test.csv, so another tool (deploy/sklearn-compare.py) can be scored on exactly the same split.
 * Labels are class indices, or regression targets in the label's own units.
 */
@Command(
        name = "export-table",
        mixinStandardHelpOptions = true,
        description =
                "Writes a table sweep's training, validation and test parts, encoded as trials see them, as CSV files.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP_FILE")
    String sweepFile;

    @Parameters(index = "1", paramLabel = "DIR", description = "a local folder")
    String dir;

    @Override
    public Integer call() throws IOException {
        SweepDefinition sweep = SweepFileLoader.parse(SweepSource.read(sweepFile), sweepFile);
        if (!sweep.dataset().isTable()) {
            throw new RefusedException(sweepFile + ": dataset is not a table");
        }
        TableDataset t = TableReader.readLocally(sweep.dataset().table(), sweep.seed(), "sparksweep export-table");
        Path out = Path.of(dir);
        Files.createDirectories(out);
        write(out.resolve("train.csv"), t, t.train());
        if (t.validation() != null) {
            write(out.resolve("validation.csv"), t, t.validation());
        }
        write(out.resolve("test.csv"), t, t.test());
        System.out.printf(
                "%s: %d train, %d validation, %d test rows, %d features, %s, sha256 %s...%n",
                out,
                t.train().size(),
                t.validation() == null ? 0 : t.validation().size(),
                t.test().size(),
                t.features(),
                t.regression() ? "regression" : t.numClasses() + " classes",
                t.sha256().substring(0, 12));
        return 0;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String csvField(String s) {
        return s.matches(".*[,\"\r\n].*") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static void write(Path file, TableDataset t, Examples e) {
        int f = t.features();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            // the encoded inputs under their names (a one-hot input: column=category), then the label
            for (String name : t.featureNames()) {
                w.write(csvField(name) + ",");
            }
            w.write(csvField(t.preprocessing().label()) + "\n");
            for (int r : e.rows()) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < f; j++) {
                    sb.append(e.x()[r * f + j]).append(',');
                }
                sb.append(
                                e.classes() != null
                                        ? csvField(t.classNames().get(e.classes()[r]))
                                        : String.valueOf(e.targets()[r]))
                        .append('\n');
                w.write(sb.toString());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
