package io.sparksweep.console;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --dry-run lines about conditional hyperparameters and the divergence setting. */
class PlanPrinterTest {

    private static String printed(String body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PlanPrinter.print(TrialPlanner.plan(SweepFileLoader.parse("name: t\ndataset: mnist\n" + body, "t.yaml")), out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesTheRuleAndHowManyPointsBecameConfigurations() {
        String s = printed("""
                search:
                  optimizer: {values: [sgd, adam]}
                  momentum: {values: [0.0, 0.9]}
                """);
        assertTrue(
                s.contains("conditional: momentum applies only with optimizer sgd or nesterov; "
                        + "4 grid points → 3 configurations\n"),
                s);
        assertTrue(s.contains("3 configurations x 1 repeats = 3 trials"), s);
        assertFalse(s.contains("warning:"), s);
    }

    @Test
    void aRandomSearchSaysWhenItHasFewerConfigurationsThanSamples() {
        String s = printed("""
                method: random
                samples: 12
                search:
                  optimizer: {values: [adam, rmsprop]}
                  momentum: {distribution: uniform, min: 0.0, max: 0.9}
                """);
        assertTrue(
                s.contains(
                        "conditional: momentum applies only with optimizer sgd or nesterov; 12 draws → 2 configurations "
                                + "(fewer than samples: 10 differed from an earlier draw only in unused values)"),
                s);
    }

    @Test
    void warnsAboutAValueNoConfigurationUses() {
        String s = printed("fixed: {optimizer: adam, momentum: 0.9}\n");
        assertTrue(s.contains("conditional: momentum applies only with optimizer sgd or nesterov\n"), s);
        assertTrue(
                s.contains("warning: momentum 0.9 is used by no configuration "
                        + "(momentum applies only with optimizer sgd or nesterov)\n"),
                s);
    }

    @Test
    void saysNothingWithoutConditionalValues() {
        String s = printed("search:\n  learning_rate: {values: [0.1, 0.01]}\n");
        assertFalse(s.contains("conditional:"), s);
        assertFalse(s.contains("warning:"), s);
    }

    private static String dryRun(String extra) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PlanPrinter.print(
                TrialPlanner.plan(SweepFileLoader.parse(
                        "name: p\ndataset: mnist\nsearch:\n  width: {values: [10, 20]}\n" + extra, "p.yaml")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsTheDivergenceSettingOnlyWhenNotTheDefault() {
        assertFalse(dryRun("").contains("divergence"));
        assertFalse(dryRun("divergence: 5\n").contains("divergence"));
        String three = dryRun("divergence: 3\n");
        assertTrue(
                three.contains("\ndivergence: 3 (a minibatch loss above 3x the untrained network's ends a trial)\n"),
                three);
        String off = dryRun("divergence: off\n");
        assertTrue(off.contains("\ndivergence: off (only a NaN or infinite loss ends a trial)\n"), off);
    }

    /** The first line names a table as the sweep file does an image dataset, not by a record's raw form. */
    @Test
    void namesADatasetAsTheFileWritesIt() {
        String idx = firstLine("dataset: {name: \"idx:/data/digits\", validation_fraction: 0.1}\n");
        assertEquals("sweep p (p.yaml), dataset idx:/data/digits validation_fraction=0.1, grid search, seed 0", idx);
        String table =
                firstLine("dataset: {format: csv, path: data/churn.csv, label: churned, validation_fraction: 0.2}\n");
        assertEquals(
                "sweep p (p.yaml), dataset csv:data/churn.csv label=churned test_fraction=0.2 validation_fraction=0.2, "
                        + "grid search, seed 0",
                table);
        String separate = firstLine("dataset: {format: parquet, path: train/, label: y, test: test/}\n");
        assertEquals("sweep p (p.yaml), dataset parquet:train/ label=y test=test/, grid search, seed 0", separate);
    }

    private static String firstLine(String dataset) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PlanPrinter.print(
                TrialPlanner.plan(SweepFileLoader.parse(
                        "name: p\n" + dataset + "search:\n  width: {values: [10, 20]}\n", "p.yaml")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
}
