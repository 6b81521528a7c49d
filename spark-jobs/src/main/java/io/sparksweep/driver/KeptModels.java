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
 * {@code ModelSerializer.restoreMultiLayerNetwork}, or {@code restoreComputationGraph} for a user's graph,
 * and {@code <trial_id>.json} saying what it is: its {@code network} kind, and a user's {@code model_class});
 * every other checkpoint is deleted.
 */
final class KeptModels {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The sidecar's {@code network} for a DL4J MultiLayerNetwork. */
    static final String MULTI_LAYER_NETWORK = "MultiLayerNetwork";

    /** The sidecar's {@code network} for a DL4J ComputationGraph (only a user's network can be one). */
    static final String COMPUTATION_GRAPH = "ComputationGraph";

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
                    String checkpoint = output.networks().checkpoint(t.spec().trialId(), epochs);
                    String network = network(output, t, checkpoint);
                    if (output.networks()
                                    .keepModel(
                                            checkpoint,
                                            t.spec().trialId(),
                                            sidecar(t, s, dataset, preprocessing, network))
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

    /**
     * What DL4J class the stored network is, so that a program knows which {@code restore} to call:
     * sparksweep's own networks are always MultiLayerNetworks; a user's may be either, so its zip's
     * configuration says (a graph's has {@code vertices}).
     */
    private static String network(SweepOutput output, TrialResult t, String checkpoint) {
        if (!t.spec().config().isUserModel()) {
            return MULTI_LAYER_NETWORK;
        }
        byte[] conf = output.networks().zipEntry(checkpoint, "configuration.json");
        if (conf == null) {
            return null; // not stored (or already kept by an earlier run): keepModel writes no sidecar then
        }
        try {
            return JSON.readTree(conf).has("vertices") ? COMPUTATION_GRAPH : MULTI_LAYER_NETWORK;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] sidecar(
            TrialResult t, ConfigSummary s, String dataset, TablePreprocessing preprocessing, String network) {
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
        if (t.spec().config().isUserModel()) {
            doc.put("model_class", t.spec().config().modelClass());
        }
        doc.put("network", network);
        // a model that supplies its own data has no dataset: the class stands in (evaluate reads it so)
        doc.put("dataset", dataset);
        boolean ownData = t.spec().config().isUserModel()
                && t.spec().config().modelClass().equals(dataset);
        // what a program that scores the network must feed it
        doc.put(
                "input",
                table
                        ? "one row per example: the table's columns encoded as `preprocessing` says (what "
                                + "`sparksweep predict` does with a raw table, and `sparksweep export-table` writes)"
                        : ownData
                                ? "what the model's own iterators give (SuppliesData); `sparksweep evaluate` "
                                        + "scores it on their test part"
                                : "one row per image: its pixels row by row (28x28 -> 784 values for MNIST), "
                                        + (t.spec().config().normalizeInput()
                                                ? "each divided by 255"
                                                : "raw 0-255 values"));
        doc.put("dataset_sha256", t.provenance().datasetSha256());
        doc.put("sweep_sha256", t.provenance().sweepSha256());
        if (table) {
            doc.put("preprocessing", preprocessing.toJson());
        }
        doc.put(
                "load_with",
                COMPUTATION_GRAPH.equals(network)
                        ? "org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file, false)"
                        : "org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file, false)");
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
