package io.sparksweep.cli;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user model with its own MultiDataSetIterators ({@code train/MultiInputModel}: a ComputationGraph
 * of two inputs and, here, two outputs) through a whole sweep on local[2], 2 configurations x 2
 * repeats; {@code evaluate} of its kept graph; and the same model building a MultiLayerNetwork,
 * refused before anything is written.
 */
class MultiDataSweepTest {

    private static final String MODEL = "io.sparksweep.train.MultiInputModel";

    @TempDir
    static Path tmp;

    private static Path results;
    private static String log;

    private static Path sweepFile(String name, String fixed) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                model: {class: %s}
                seed: 11
                repeats: 2
                keep_models: 1
                fixed: {epochs: 3, batch_size: 32, outputs: 2%s}
                search:
                  learning_rate: {values: [0.01, 0.03]}
                """.formatted(name, MODEL, fixed));
        return file;
    }

    @BeforeAll
    static void sweep() throws IOException {
        results = tmp.resolve("results");
        log = cli(0, sweepFile("multi", "").toString(), "--out", results.toString(), "--master", "local[2]");
    }

    @Test
    void everyTrialLearnsWellAboveChance() {
        List<TrialResult> trials = new SweepOutput(results.toString(), "multi", new Configuration()).readTrials();
        assertEquals(4, trials.size(), log);
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
            assertEquals(MODEL, t.spec().config().modelClass());
            // chance is 0.25, and either input alone tells at most half the classes
            assertTrue(t.outcome().testAccuracy() > 0.8, t.spec().trialId() + ": " + t.outcome());
            assertEquals(t.outcome().testAccuracy(), t.outcome().declaredMetric("test_first_output_accuracy"), 1e-12);
        }
        assertEquals(2, trials.stream().map(t -> t.spec().configId()).distinct().count());
    }

    @Test
    void theKeptGraphScoresOnItsOwnIteratorsAsItsSweepDid() throws IOException {
        Path zip;
        try (Stream<Path> s = Files.list(results.resolve("multi/models"))) {
            zip = s.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        JsonNode sidecar = new ObjectMapper()
                .readTree(zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json"))
                        .toFile());
        assertEquals("ComputationGraph", sidecar.path("network").asText(), sidecar.toString());
        Path out = tmp.resolve("eval");
        String printed = cli(0, "evaluate", "--model", zip.toString(), "--out", out.toString());
        assertTrue(printed.contains("on the own iterators of " + MODEL), printed);
        JsonNode measured =
                new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String m : List.of("test_accuracy", "test_loss", "validation_accuracy", "validation_loss")) {
            assertTrue(measured.has(m), m + " in " + measured);
            assertEquals(
                    sidecar.path("metrics").path(m).asDouble(), measured.path(m).asDouble(), 1e-9, m);
        }
    }

    @Test
    void aMultiLayerNetworkWithMultiDataSetIteratorsIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = tmp.resolve("mln-out");
        String refused =
                cli(2, sweepFile("mln", ", network: mln").toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(
                "error: the network of learning_rate=0.01 does not fit its data: a MultiLayerNetwork cannot train on "
                        + "MultiDataSetIterators (TrialData.ofMulti): build a ComputationGraph, or give "
                        + "DataSetIterators\n",
                refused);
        assertFalse(Files.exists(out.resolve("mln")), "nothing written");
    }

    /** A command; what it printed to standard output when it exited {@code expected} 0, else its standard error. */
    private static String cli(int expected, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            code = SweepCli.run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(expected, code, e.toString(StandardCharsets.UTF_8) + o.toString(StandardCharsets.UTF_8));
        return (expected == 0 ? o : e).toString(StandardCharsets.UTF_8);
    }
}
