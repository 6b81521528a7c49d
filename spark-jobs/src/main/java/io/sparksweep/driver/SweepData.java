package io.sparksweep.driver;

import io.sparksweep.console.TablePrinter;
import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.StreamedTable;
import io.sparksweep.spark.SweepSpark;
import io.sparksweep.spark.TableReader;
import io.sparksweep.train.NetworkCheck;
import io.sparksweep.train.TrainingData;
import io.sparksweep.trial.TrialSpec;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's dataset as the driver loaded it: the images with where they came from, or the encoded
 * table. Loading prints the one line that says what the data is.
 *
 * @param where  where the images came from; null for a table
 * @param images the images; null for a table
 * @param table  the table encoded on the driver; null for images and a streamed table
 * @param streamed a table the driver never collects, still to be encoded into files; else null
 * @param encoded  the streamed table as executors read it (its location set once written); else null
 */
record SweepData(
        DatasetResolver.Resolved where,
        ImageDataset images,
        TableDataset table,
        StreamedTable streamed,
        EncodedTable encoded) {

    /** A user's model that brings its own data: nothing for the driver to load. */
    static final SweepData MODEL_SUPPLIED = new SweepData(null, null, null, null, null);

    /** Whether the model brings its own data (no dataset: block). */
    boolean modelSupplied() {
        return table == null && images == null && encoded == null;
    }

    /** Whether the table is encoded into files by Spark rather than held by the driver. */
    boolean isStreamed() {
        return encoded != null;
    }

    /** The hash of the data the trials train on, for their provenance; null when the model brings its own. */
    String sha256() {
        return table != null
                ? table.sha256()
                : encoded != null ? encoded.sha256() : images != null ? images.sha256() : null;
    }

    /** The table's preprocessing, kept with the models; null for images. */
    TablePreprocessing preprocessing() {
        return table != null ? table.preprocessing() : encoded != null ? encoded.preprocessing() : null;
    }

    /**
     * A streamed table encoded into files under the sweep's output ({@code data/}), unless there
     * already (a resumed sweep); this otherwise. Runs after the output's first writes.
     */
    SweepData written(org.apache.hadoop.fs.Path root) {
        return streamed == null ? this : new SweepData(where, images, table, streamed, streamed.writeUnder(root));
    }

    /** What a trial trains on: the table, or the images normalised as its configuration says. */
    TrainingData trainingData(TrialSpec spec, SweepDefinition sweep) {
        if (modelSupplied()) {
            return null;
        }
        if (encoded != null) {
            return TrainingData.of(EncodedTableFiles.load(encoded));
        }
        return table != null
                ? TrainingData.of(table)
                : TrainingData.of(
                        images, spec.config().normalizeInput(), sweep.dataset().validationFraction(), sweep.seed());
    }

    /** What the networks take and give on this dataset. */
    NetworkCheck.Shape shape() {
        if (modelSupplied()) {
            return null;
        }
        if (encoded != null) {
            return new NetworkCheck.Shape(1, encoded.features(), encoded.numClasses(), encoded.regression());
        }
        return table != null
                ? new NetworkCheck.Shape(1, table.features(), table.numClasses(), table.regression())
                : new NetworkCheck.Shape(images.rows(), images.cols(), images.numClasses(), false);
    }

    /** A table's {@code dataset.json}: its summary and its preprocessing. */
    Map<String, Object> datasetDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", table != null ? table.summary() : encoded.summary());
        doc.put("preprocessing", preprocessing().toJson());
        return doc;
    }

    /** Resolves and loads the sweep's images (cached per JVM) and says what they are. */
    static SweepData loadImages(SweepDefinition sweep, String dataDir, PrintStream out) {
        DatasetResolver.Resolved where = DatasetResolver.resolve(sweep.dataset(), dataDir);
        ImageDataset data = DatasetCache.get(where.location(), where.knownName(), null);
        Double validation = sweep.dataset().validationFraction();
        String parts = validation == null
                ? data.trainSize() + " train / " + data.testSize() + " test images"
                : String.format(
                        Locale.ROOT,
                        "%d train (%.0f %% of them held out for validation) / %d test images",
                        data.trainSize(),
                        validation * 100,
                        data.testSize());
        out.printf(
                "dataset %s: %s, %dx%d, %d classes, sha256 %s... (from %s: %s)%n",
                sweep.dataset().label(),
                parts,
                data.rows(),
                data.cols(),
                data.numClasses(),
                data.sha256().substring(0, 12),
                where.origin(),
                where.location());
        return new SweepData(where, data, null, null, null);
    }

    /** Reads a table with Spark on the driver and checks that executors can hold it. */
    static SweepData readTable(SweepDefinition sweep, SweepSpark spark, PrintStream out) throws InterruptedException {
        spark.awaitStarted();
        long t0 = System.nanoTime();
        TableReader.SweepTable read = spark.readTable(sweep.dataset().table(), sweep.seed());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (read.streamed() != null) {
            EncodedTable encoded = read.streamed().table();
            TablePrinter.print(
                    encoded, read.streamed().sampleNote(), sweep.dataset().table(), seconds, out);
            spark.requireExecutorsHold(encoded);
            return new SweepData(null, null, null, read.streamed(), encoded);
        }
        TableDataset table = read.inMemory();
        TablePrinter.print(table, sweep.dataset().table(), seconds, out);
        spark.requireExecutorsHold(table);
        return new SweepData(null, null, table, null, null);
    }

    /** {@code --trial} on a table: reading it needs Spark, here in local mode on the driver. */
    static SweepData readTableOnDriver(
            SweepDefinition sweep, int threadsPerTrial, PrintStream out, org.apache.hadoop.fs.Path root)
            throws InterruptedException {
        SweepSpark spark = SweepSpark.startOnDriver(sweep.name(), threadsPerTrial);
        try {
            SweepData d = readTable(sweep, spark, out);
            return root == null ? d : d.written(root); // a streamed table: its files (the sweep's, if written)
        } finally {
            spark.stop();
        }
    }
}
