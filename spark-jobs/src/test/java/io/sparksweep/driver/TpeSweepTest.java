package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.WarmNetworks;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** method: tpe on local[1]: proposals as results arrive, recorded on the rows, reproducible, resumable. */
class TpeSweepTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 300, 100, true);
    }

    private static Path sweepFile(String extra) throws IOException {
        return sweepFile(extra, 7);
    }

    private static Path sweepFile(String extra, int samples) throws IOException {
        Path f = tmp.resolve("tpe-" + Integer.toHexString(extra.hashCode()) + "-" + samples + ".yaml");
        Files.writeString(f, """
                name: tpe
                dataset: idx:%s
                method: tpe
                samples: %d
                tpe: {startup: 3, candidates: 16}
                repeats: 2
                seed: 11
                fixed: {epochs: 2, batch_size: 32, width: 8}
                search:
                  learning_rate: {distribution: log_uniform, min: 0.001, max: 1.0}
                  l2: {distribution: uniform, min: 0.0, max: 0.01}
                %s
                """.formatted(data, samples, extra));
        return f;
    }

    private static String run(Path sweep, Path out) throws Exception {
        return run(sweep, out, SweepRun.Hooks.NONE);
    }

    private static String run(Path sweep, Path out, SweepRun.Hooks hooks) throws Exception {
        return DriverRuns.run(sweep, out, "local[1]", hooks);
    }

    /** Configuration id by proposal index. */
    private static Map<Integer, String> proposals(Path out) {
        List<TrialResult> trials = new SweepOutput(out.toString(), "tpe", new Configuration()).readTrials();
        return trials.stream()
                .collect(Collectors.toMap(
                        t -> t.spec().proposalIndex(),
                        t -> t.spec().configId(),
                        (a, b) -> {
                            assertEquals(a, b, "both repeats of a proposal are one configuration");
                            return a;
                        },
                        TreeMap::new));
    }

    @Test
    void proposesSamplesConfigurationsRecordsThemAndIsReproducibleOnOneSlot() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        String log = run(sweepFile(""), a);
        List<TrialResult> trials = new SweepOutput(a.toString(), "tpe", new Configuration()).readTrials();
        assertEquals(14, trials.size(), log);
        Map<Integer, String> byIndex = proposals(a);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), List.copyOf(byIndex.keySet()));
        for (TrialResult t : trials) {
            assertEquals(
                    t.spec().proposalIndex(),
                    t.spec().proposalSeen(),
                    "one slot fits one configuration's repeats: each proposal saw every one before it finished");
        }
        run(sweepFile(""), b);
        assertEquals(byIndex, proposals(b), "same seed, one slot: the same proposals");
        String again = run(sweepFile(""), a);
        assertTrue(!again.contains("[1/14]"), "a finished tpe sweep runs nothing on rerun: " + again);
    }

    /** More samples continue the log: on one slot the grown sweep proposes what one run of 9 samples does. */
    @ParameterizedTest
    @ValueSource(strings = {"keep_models: 0", "early_stopping: {reduction_factor: 2}\nkeep_models: 0"})
    void moreSamplesContinueTheLogAsOneLongerRunWould(String extra) throws Exception {
        Path whole = tmp.resolve("whole9-" + extra.length()), grown = tmp.resolve("grown-" + extra.length());
        run(sweepFile(extra, 9), whole);
        run(sweepFile(extra, 7), grown);
        List<TrialResult> before = new SweepOutput(grown.toString(), "tpe", new Configuration()).readTrials();
        String log = run(sweepFile(extra, 9), grown);
        assertTrue(
                log.contains("the sweep grew (samples 7 → 9): reusing 14 stored trials; the tpe log continues"), log);
        List<TrialResult> after = new SweepOutput(grown.toString(), "tpe", new Configuration()).readTrials();
        assertEquals(18, after.size(), log);
        assertTrue(after.containsAll(before), "the stored rows are untouched");
        assertEquals(proposals(whole), proposals(grown));
        String again = run(sweepFile(extra, 9), grown);
        assertTrue(!again.contains("[1/18]"), "nothing left: " + again);
    }

    @Test
    void aKilledDriverResumesWithoutRerunningStoredConfigurations() throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        Path sweep = sweepFile("keep_models: 0");
        run(sweep, whole);
        try {
            run(sweep, killed, DriverRuns.killAfter(7));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"));
        }
        WarmNetworks.forgetExecutorNetworks(); // a killed driver's JVM keeps nothing: the rerun reads checkpoints
        List<TrialResult> before = new SweepOutput(killed.toString(), "tpe", new Configuration()).readTrialRows();
        run(sweep, killed);
        List<TrialResult> rows = new SweepOutput(killed.toString(), "tpe", new Configuration()).readTrialRows();
        assertEquals(14, rows.size(), "every trial stored once: nothing stored before the kill ran again");
        assertTrue(before.size() >= 6, "the killed run had stored some: " + before.size());
        assertEquals(proposals(whole), proposals(killed), "the resumed sweep proposes what the uninterrupted one did");
    }

    @Test
    void tpeWithEarlyStoppingProposesAndStops() throws Exception {
        Path out = tmp.resolve("both");
        String log = run(sweepFile("early_stopping: {reduction_factor: 2}\nkeep_models: 0"), out);
        List<TrialResult> trials = new SweepOutput(out.toString(), "tpe", new Configuration()).readTrials();
        assertEquals(14, trials.size(), log);
        assertEquals(7, proposals(out).size());
        assertTrue(trials.stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED), log);
        assertTrue(log.contains("early stopping: "), log);
    }

    @Test
    void aConditionalSpaceStoresNoUnusedValueAndResumesFromItsLog() throws Exception {
        Path whole = tmp.resolve("cond-whole"), killed = tmp.resolve("cond-killed");
        Path sweep = sweepFile("""
                  optimizer: {values: [sgd, adam]}
                  momentum: {distribution: uniform, min: 0.0, max: 0.9}
                keep_models: 0""");
        run(sweep, whole);
        try {
            run(sweep, killed, DriverRuns.killAfter(7));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"));
        }
        WarmNetworks.forgetExecutorNetworks(); // a killed driver's JVM keeps nothing: the rerun reads checkpoints
        run(sweep, killed);
        assertEquals(proposals(whole), proposals(killed), "the logged proposals replay to the same configurations");
        List<TrialResult> rows = new SweepOutput(killed.toString(), "tpe", new Configuration()).readTrials();
        assertTrue(rows.stream().anyMatch(t -> "adam".equals(t.spec().config().get(Hyperparameter.OPTIMIZER))));
        for (TrialResult t : rows) {
            if ("adam".equals(t.spec().config().get(Hyperparameter.OPTIMIZER))) {
                assertEquals(0.0, t.spec().config().get(Hyperparameter.MOMENTUM), "adam does not use momentum");
            }
        }
    }
}
