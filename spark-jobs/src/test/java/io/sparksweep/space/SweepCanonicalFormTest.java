package io.sparksweep.space;

import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.util.Sha256;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical text a sweep's hash is taken of; resuming compares the hash, so the text is pinned. */
class SweepCanonicalFormTest {

    private static final String SWEEP = """
            name: c
            dataset: mnist
            method: random
            samples: 2
            fixed: {epochs: 2, activation: tanh}
            search:
              width: {values: [10, 20]}
              l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-3}
            """;

    /** TableSpec's components before exclude: and na_values: existed: the JVM's record text of them is what earlier hashes covered. */
    private record TableSpecBefore(
            String format,
            String path,
            String label,
            java.util.List<String> features,
            TableSpec.Task task,
            String test,
            double testFraction,
            Double validationFraction,
            boolean standardize,
            boolean dropMissing) {}

    @Test
    void aTableSweepKeepsTheHashOfEarlierVersionsUntilItSetsTheNewKeys() {
        TableSpec t = SweepFileLoader.parse(
                        "name: t\ndataset: {format: csv, path: t.csv, label: y, validation_fraction: 0.2}\n", "t.yaml")
                .dataset()
                .table();
        String before = new TableSpecBefore(
                        t.format(),
                        t.path(),
                        t.label(),
                        t.features(),
                        t.task(),
                        t.test(),
                        t.testFraction(),
                        t.validationFraction(),
                        t.standardize(),
                        t.dropMissing())
                .toString();
        assertEquals(before.replace("TableSpecBefore[", "TableSpec["), t.toString());
        TableSpec excluding = SweepFileLoader.parse(
                        "name: t\ndataset: {format: csv, path: t.csv, label: y, exclude: [id]}\n", "t.yaml")
                .dataset()
                .table();
        assertTrue(excluding.toString().endsWith(", exclude=[id]]"), excluding.toString());
    }

    private static String json(SweepDefinition d) {
        return SweepCanonicalForm.json(d);
    }

    @Test
    void isSortedJsonOfTheValidatedSweep() {
        SweepDefinition d = SweepFileLoader.parse(SWEEP, "c.yaml");
        assertEquals(
                "{\"dataset\":\"mnist\",\"fixed\":{\"activation\":\"tanh\",\"epochs\":2},\"method\":\"RANDOM\","
                        + "\"name\":\"c\",\"repeats\":1,\"samples\":2,\"search\":[{\"name\":\"width\",\"values\":[10,20]},"
                        + "{\"distribution\":\"log_uniform\",\"max\":0.001,\"min\":1.0E-6,\"name\":\"l2\"}],\"seed\":0}",
                json(d));
        assertEquals(Sha256.hex(json(d)), d.sha256());
        assertEquals("5c520be9c63cf30b6ea16d1d35bd743cf350a74244190d0a94e7a8e05caa86b1", d.sha256());
    }

    @Test
    void divergenceEntersOnlyWhenNotTheDefault() {
        String before = json(SweepFileLoader.parse(SWEEP, "c.yaml"));
        assertEquals(before, json(SweepFileLoader.parse(SWEEP + "divergence: 5\n", "c.yaml")));
        assertEquals(
                before.replace(",\"fixed\"", ",\"divergence\":3.0,\"fixed\""),
                json(SweepFileLoader.parse(SWEEP + "divergence: 3\n", "c.yaml")));
        assertEquals(
                before.replace(",\"fixed\"", ",\"divergence\":\"off\",\"fixed\""),
                json(SweepFileLoader.parse(SWEEP + "divergence: off\n", "c.yaml")));
    }

    @Test
    void fixedOrderDoesNotCountButSearchOrderDoes() {
        String sha = SweepFileLoader.parse(SWEEP, "c.yaml").sha256();
        assertEquals(
                sha,
                SweepFileLoader.parse(
                                SWEEP.replace("{epochs: 2, activation: tanh}", "{activation: tanh, epochs: 2}"),
                                "c.yaml")
                        .sha256());
        // random draws follow the listed order, so swapping searched hyperparameters is another sweep
        String swapped = SWEEP.replace("""
                  width: {values: [10, 20]}
                  l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-3}
                """, """
                  l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-3}
                  width: {values: [10, 20]}
                """);
        assertNotEquals(sha, SweepFileLoader.parse(swapped, "c.yaml").sha256());
    }
}
