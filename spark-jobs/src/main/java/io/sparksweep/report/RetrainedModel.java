package io.sparksweep.report;

import io.sparksweep.trial.Metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report shows of a network {@code sparksweep retrain} stored ({@code models/<config_id>-retrained.json}):
 * its test metrics, the sweep's figures for the same configuration, what it was trained on, and its
 * learning curve. Read from the sidecar, so the report needs neither the network nor Spark.
 *
 * @param configId     the configuration retrained
 * @param headline     the metric the retrain compares with the sweep (test_accuracy, test_rmse or reconstruction_loss)
 * @param metrics      the retrained network's test metrics after its last epoch
 * @param sweep        the sweep's repeats of the configuration, per metric: mean, std and n
 * @param rowsTrainedOn training rows, validation rows included
 * @param workers      workers that trained at once
 * @param epochs       passes over the rows
 * @param trainSeconds wall time of the training (null when the sidecar has none)
 * @param curve        per metric of the sidecar's learning curve (train_loss, test metrics, epoch_seconds), one value per epoch
 */
public record RetrainedModel(
        String configId,
        String headline,
        Map<String, Double> metrics,
        Map<String, SweepFigure> sweep,
        long rowsTrainedOn,
        int workers,
        int epochs,
        Double trainSeconds,
        Map<String, List<Double>> curve) {

    /**
     * The sweep's figure of one metric over the configuration's OK repeats.
     *
     * @param mean the mean
     * @param std  the sample deviation; null with one repeat
     * @param n    the repeats it is over
     */
    public record SweepFigure(double mean, Double std, int n) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metrics a retrain is compared on, in the order a sidecar without {@code headline} is searched for one. */
    private static final List<String> HEADLINES =
            List.of(Metrics.TEST_ACCURACY, Metrics.TEST_RMSE, Metrics.RECONSTRUCTION_LOSS);

    /**
     * Every sidecar that reads as a retrained network's, in the order given; the others are left out
     * (the report shows what it can and is never the place a malformed file stops).
     *
     * @param sidecars file name to the sidecar's bytes
     */
    public static List<RetrainedModel> parseAll(Map<String, byte[]> sidecars) {
        List<RetrainedModel> out = new ArrayList<>();
        for (byte[] b : sidecars.values()) {
            RetrainedModel m = parse(b);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** One sidecar, or null when it is not a retrained network's (no {@code retrained: true}, no config_id, not JSON). */
    static RetrainedModel parse(byte[] sidecar) {
        JsonNode doc;
        try {
            doc = JSON.readTree(sidecar);
        } catch (IOException e) {
            return null;
        }
        if (doc == null
                || !doc.path("retrained").asBoolean(false)
                || !doc.path("config_id").isTextual()) {
            return null;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        doc.path("metrics").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                metrics.put(e.getKey(), e.getValue().asDouble());
            }
        });
        Map<String, SweepFigure> sweep = new LinkedHashMap<>();
        doc.path("sweep_metrics").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.path("mean").isNumber()) {
                sweep.put(
                        e.getKey(),
                        new SweepFigure(
                                v.path("mean").asDouble(),
                                v.path("std").isNumber() ? v.path("std").asDouble() : null,
                                v.path("n").asInt()));
            }
        });
        Map<String, List<Double>> curve = new LinkedHashMap<>();
        doc.path("learning_curve").fields().forEachRemaining(e -> {
            List<Double> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.isNumber() ? v.asDouble() : Double.NaN));
            curve.put(e.getKey(), values);
        });
        String headline = doc.path("headline").asText(null);
        if (headline == null || !metrics.containsKey(headline)) {
            headline = HEADLINES.stream()
                    .filter(metrics::containsKey)
                    .findFirst()
                    .orElse(metrics.keySet().stream()
                            .filter(k -> !k.startsWith("train_"))
                            .findFirst()
                            .orElse(null));
        }
        return new RetrainedModel(
                doc.path("config_id").asText(),
                headline,
                metrics,
                sweep,
                doc.path("rows_trained_on").asLong(),
                doc.path("workers").asInt(),
                doc.path("epochs").asInt(),
                doc.path("train_seconds").isNumber() ? doc.path("train_seconds").asDouble() : null,
                curve);
    }

    /** The headline metric's value after the last epoch, or null. */
    Double headlineValue() {
        return headline == null ? null : metrics.get(headline);
    }

    /** The learning curve of the headline metric (empty when the sidecar has none). */
    List<Double> headlineCurve() {
        return headline == null ? List.of() : curve.getOrDefault(headline, List.of());
    }
}
