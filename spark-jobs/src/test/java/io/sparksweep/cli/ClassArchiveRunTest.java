package io.sparksweep.cli;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/run-local.sh ignores a failed class-archive run (the sweep then only starts slower), so
 * this is where a broken one shows: its sweep must run end to end, through Spark, training, rows and report.
 */
class ClassArchiveRunTest {

    @Test
    void itsTinySweepRunsEndToEnd(@TempDir Path dir) throws Exception {
        assertEquals(0, ClassArchiveRun.sweep(dir));
        Path out = dir.resolve("out").resolve("archive");
        List<TrialResult> rows =
                SweepOutput.ofFolder(out.toString(), new Configuration()).readTrials();
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.outcome().status() == TrialStatus.OK), rows::toString);
        assertTrue(Files.isRegularFile(out.resolve("report").resolve("index.html")));
    }
}
