package io.sparksweep.driver;

import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * At the end of a sweep: the final networks of the best {@code keep_models} configurations' OK repeats
 * move from checkpoints/ to models/ ({@code <trial_id>.zip}, loadable with
 * {@code ModelSerializer.restoreMultiLayerNetwork}, and {@code <trial_id>.json} saying what it is);
 * every other checkpoint is deleted.
 */
final class KeptModels {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KeptModels() {}

    /**
     * @param dataset       the sweep's dataset as written in its file (mnist, idx:DIR, csv:PATH, ...)
     * @param preprocessing a table's: what turns a raw row into the network's input; null for images
     */
    static void keep(
            SweepOutput output,
            int keepModels,
            int epochs,
            List<ConfigSummary> summary,
            List<TrialResult> trials,
            String dataset,
            TablePreprocessing preprocessing,
            PrintStream out) {
        List<ConfigSummary> best = summary.stream()
                .filter(s -> s.rank() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank))
                .limit(keepModels)
                .toList();
        int kept = 0, missing = 0;
        for (ConfigSummary s : best) {
            for (TrialResult t : trials) {
                if (t.spec().configId().equals(s.configId()) && t.outcome().status() == TrialStatus.OK) {
                    if (output.networks()
                                    .keepModel(
                                            output.networks()
                                                    .checkpoint(t.spec().trialId(), epochs),
                                            t.spec().trialId(),
                                            sidecar(t, s, dataset, preprocessing))
                            || output.networks().hasModel(t.spec().trialId())) {
                        kept++;
                    } else {
                        missing++;
                    }
                }
            }
        }
        output.networks().deleteQuietly(output.networks().checkpointsDir().toString());
        output.networks()
                .removeModelsExcept(best.stream().map(ConfigSummary::configId).toList());
        if (kept > 0) {
            out.printf(
                    "models: %d final network(s) of the best %s in %s%n",
                    kept,
                    keepModels == 1 ? "configuration" : keepModels + " configurations",
                    output.networks().modelsDir());
        }
        if (missing > 0) {
            out.printf(
                    "models: %d network(s) of the best configurations were not stored (trained by a run without keep_models)%n",
                    missing);
        }
    }

    private static byte[] sidecar(TrialResult t, ConfigSummary s, String dataset, TablePreprocessing preprocessing) {
        boolean table = preprocessing != null;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", t.spec().sweep());
        doc.put("config_id", t.spec().configId());
        doc.put("trial_id", t.spec().trialId());
        doc.put("rank", s.rank());
        doc.put("repeat", t.spec().repeat());
        doc.put("seed", t.spec().seed());
        Map<String, Object> config = new TreeMap<>();
        for (ParameterKey h : t.spec().config().keys()) {
            config.put(h.key(), t.spec().config().get(h));
        }
        doc.put("configuration", config);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(Metrics.TEST_ACCURACY, t.outcome().testAccuracy());
        metrics.put("test_loss", t.outcome().testLoss());
        for (String m : Metrics.EXTRA) {
            if (t.outcome().metric(m) != null) {
                metrics.put(m, t.outcome().metric(m));
            }
        }
        doc.put("metrics", metrics);
        if (!t.outcome().curve(Metrics.ROBUSTNESS_LEVELS).isEmpty()) {
            Map<String, Object> robustness = new LinkedHashMap<>();
            for (String m : Metrics.ROBUSTNESS) {
                robustness.put(m.substring("robustness_".length()), t.outcome().curve(m));
            }
            doc.put("robustness", robustness);
        }
        doc.put("trainer", t.outcome().trainer());
        doc.put("dataset", dataset);
        // what a program that scores the network must feed it
        doc.put(
                "input",
                table
                        ? "one row per example: the table's columns encoded as `preprocessing` says (what "
                                + "`sparksweep predict` does with a raw table, and `sparksweep export-table` writes)"
                        : "one row per image: its pixels row by row (28x28 -> 784 values for MNIST), "
                                + (t.spec().config().normalizeInput() ? "each divided by 255" : "raw 0-255 values"));
        doc.put("dataset_sha256", t.provenance().datasetSha256());
        doc.put("sweep_sha256", t.provenance().sweepSha256());
        if (table) {
            doc.put("preprocessing", preprocessing.toJson());
        }
        doc.put("load_with", "org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file, false)");
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
