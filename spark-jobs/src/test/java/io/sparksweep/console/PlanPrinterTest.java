package io.sparksweep.console;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanPrinterTest {

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
}
