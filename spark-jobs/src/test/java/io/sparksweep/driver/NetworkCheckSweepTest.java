package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.Corners;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.util.BadInputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A configuration whose network cannot be built is refused before anything is written, not FAILED trial by trial. */
class NetworkCheckSweepTest {

    @TempDir
    Path tmp;

    @Test
    void convolutionsThatShrinkTheImageToNothingAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 100, 20, true); // 8x8 images
        Path sweep = tmp.resolve("s.yaml");
        Files.writeString(
                sweep,
                "name: s\ndataset: idx:" + data + "\nfixed: {model: cnn, epochs: 1}\n"
                        + "search:\n  conv_layers: {values: [\"c4 p2\", \"c4 p2 c4 p2 c4 p2\"]}\n");
        Path out = tmp.resolve("out");
        BadInputException e = assertThrows(
                BadInputException.class, () -> DriverRuns.run(sweep, out, "local[1]", SweepRun.Hooks.NONE));
        assertEquals(
                "the network of conv_layers=c4 p2 c4 p2 c4 p2 cannot be built for 8x8 inputs: layer 6 (DenseLayer) would get 0 "
                        + "inputs and 100 outputs (conv_layers shrink the image to nothing: fewer poolings or convolutions)",
                e.getMessage());
        assertFalse(Files.exists(out.resolve("s")), "nothing written");
    }

    @Test
    void aNamedDatasetIsCheckedWhileSparkStartsAndRefusedAsBefore() throws Exception {
        // the check runs on its own thread while the images load; a named dataset is checked against its hash
        Path data = MnistAcceptanceTest.mnist();
        assumeTrue(data != null, "MNIST not found (../shared/datasets/mnist or $SPARKSWEEP_DATA_DIR): skipped");
        Path sweep = tmp.resolve("named.yaml");
        Files.writeString(
                sweep,
                "name: named\ndataset: mnist\nfixed: {model: cnn, epochs: 1}\n"
                        + "search:\n  conv_layers: {values: [\"c4 p2\", \"c4 p2 c4 p2 c4 p2 c4 p2\"]}\n");
        Path out = tmp.resolve("out");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new SweepRun(
                                new SweepRun.Options(
                                        sweep.toString(),
                                        out.toString(),
                                        data.toString(),
                                        "local[1]",
                                        false,
                                        false,
                                        1,
                                        null),
                                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .execute());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "the network of conv_layers=c4 p2 c4 p2 c4 p2 c4 p2 cannot be built for 28x28 inputs: "),
                e.getMessage());
        assertFalse(Files.exists(out.resolve("named")), "nothing written");
    }

    @Test
    void aRandomSearchIsCheckedAtTheCornersOfItsSpace() {
        var sweep = SweepFileLoader.parse("""
                name: r
                dataset: mnist
                method: random
                samples: 3
                search:
                  width: {distribution: int_uniform, min: 8, max: 64}
                  learning_rate: {distribution: log_uniform, min: 0.001, max: 1.0}
                  activation: {values: [relu, tanh]}
                """, "r.yaml");
        List<Config> corners = Corners.of(sweep);
        assertEquals(8, corners.size(), "2 x 2 x 2");
        Set<Object> widths =
                corners.stream().map(c -> c.get(Hyperparameter.WIDTH)).collect(Collectors.toSet());
        assertEquals(Set.of(8, 64), widths, "an integer range's ends, typed as the planner types them");
        assertTrue(Corners.withPlanned(TrialPlanner.plan(sweep)).size() >= 8 + 1, "the planned draws too");
    }
}
