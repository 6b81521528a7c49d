package io.sparksweep.cli;

import io.sparksweep.stats.Numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate} on kept networks of a model that brings its own iterators ({@code train/OwnDataModel},
 * a MultiLayerNetwork and a ComputationGraph configuration, with a validation iterator): the class is
 * made again for the kept trial and the network scored on its own test and validation iterators, giving
 * the figures its sweep stored; a class that is only in a jar needs {@code --jars}.
 */
class OwnDataEvaluateTest {

    private static final String OWN = "io.sparksweep.train.OwnDataModel";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static List<Path> kept;

    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final String sparkJars = System.getProperty("spark.jars");

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(loader);
        if (sparkJars == null) {
            System.clearProperty("spark.jars");
        } else {
            System.setProperty("spark.jars", sparkJars);
        }
    }

    @BeforeAll
    static void sweep() throws IOException {
        Path file = tmp.resolve("own.yaml");
        Files.writeString(file, """
                name: own
                model: {class: %s}
                seed: 5
                repeats: 1
                keep_models: 2
                fixed: {epochs: 2, batch_size: 32, learning_rate: 0.02}
                search:
                  network: {values: [mln, graph]}
                """.formatted(OWN));
        Path results = tmp.resolve("results");
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = SweepCli.run(
                new String[] {file.toString(), "--out", results.toString(), "--master", "local[2]"},
                new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        try (Stream<Path> s = Files.list(results.resolve("own/models"))) {
            kept = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
    }

    private static Path sidecarFile(Path zip) {
        return zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json"));
    }

    @Test
    void eachKeptNetworkScoresOnItsModelsOwnIteratorsAsItsSweepDid() throws IOException {
        assertEquals(2, kept.size(), "both configurations kept");
        Set<String> kinds = kept.stream()
                .map(z -> read(sidecarFile(z)).path("network").asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of("MultiLayerNetwork", "ComputationGraph"), kinds);
        for (Path zip : kept) {
            JsonNode sidecar = read(sidecarFile(zip));
            assertEquals(OWN, sidecar.path("dataset").asText());
            assertTrue(sidecar.path("input").asText().contains("own iterators"), sidecar.toString());
            Path out = tmp.resolve("eval-" + sidecar.path("network").asText());
            String printed = cli(0, "evaluate", "--model", zip.toString(), "--out", out.toString());
            assertTrue(
                    printed.startsWith("evaluate " + zip + " on the own iterators of " + OWN + " (trial "
                            + sidecar.path("trial_id").asText() + ", seed "
                            + sidecar.path("seed").asLong()
                            + "): test_accuracy "),
                    printed);
            assertTrue(printed.contains("its sweep measured test_accuracy "), printed);
            JsonNode measured = read(out.resolve("metrics.json"));
            JsonNode stored = sidecar.path("metrics");
            for (String m : List.of("test_accuracy", "test_loss", "validation_accuracy", "validation_loss")) {
                assertTrue(measured.has(m), m + " in " + measured);
                assertEquals(stored.path(m).asDouble(), measured.path(m).asDouble(), 1e-9, m + ": " + printed);
            }
        }
    }

    @Test
    void aClassOnlyInAJarNeedsJars() throws Exception {
        Path jar = UserJarsTest.jarWith(
                tmp.resolve("jar"),
                "com.example.JarOwnData",
                "package com.example; public class JarOwnData extends " + OWN + " {}");
        // the first kept model, as a sweep of the jar's class would have kept it
        Path dir = Files.createDirectories(tmp.resolve("jarmodel"));
        Path zip = Files.copy(kept.get(0), dir.resolve(kept.get(0).getFileName()));
        ObjectNode sidecar = (ObjectNode) read(sidecarFile(kept.get(0)));
        sidecar.put("model_class", "com.example.JarOwnData").put("dataset", "com.example.JarOwnData");
        JSON.writeValue(sidecarFile(zip).toFile(), sidecar);

        String refused = cli(2, "evaluate", "--model", zip.toString());
        assertEquals(
                "error: " + zip + ": no class com.example.JarOwnData on the class path; give its jar with --jars"
                        + " (a model made in code runs only through Sweeps.model)\n",
                refused);
        String printed = cli(0, "evaluate", "--model", zip.toString(), "--jars", jar.toString());
        String accuracy = "test_accuracy "
                + Numbers.metric(sidecar.path("metrics").path("test_accuracy").asDouble());
        assertTrue(printed.contains("on the own iterators of com.example.JarOwnData"), printed);
        assertTrue(printed.contains("): " + accuracy), printed);
        assertTrue(printed.contains("its sweep measured " + accuracy), printed);
    }

    @Test
    void anInputTableIsRefusedForAModelWithItsOwnData() {
        String refused = cli(2, "evaluate", "--model", kept.get(0).toString(), "--input", "t.csv");
        assertEquals(
                "error: --input: " + kept.get(0) + " was trained on the own iterators of " + OWN
                        + "; evaluate scores it on their test part, without --input\n",
                refused);
    }

    private static JsonNode read(Path json) {
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command; what it printed to standard output when it exited {@code expected} 0, else its standard error. */
    private static String cli(int expected, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            code = SweepCli.run(
                    new ArrayList<>(List.of(args)).toArray(new String[0]),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(expected, code, e.toString(StandardCharsets.UTF_8) + o.toString(StandardCharsets.UTF_8));
        return (expected == 0 ? o : e).toString(StandardCharsets.UTF_8);
    }
}
