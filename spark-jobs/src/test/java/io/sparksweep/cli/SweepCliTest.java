package io.sparksweep.cli;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.store.ColumnType;
import io.sparksweep.store.ParquetTable;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends with one line on stderr, exit code 2 and nothing written. */
class SweepCliTest {

    @TempDir
    Path tmp;

    private String[] lastErr = new String[1];

    private int run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        lastErr[0] = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void malformedSweepFile() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: mnist\nsearch:\n  learning_rate: {values: [0.1, -1]}\n");
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString()));
        assertEquals("error: " + f + ":4: search.learning_rate.values[1]: must be > 0 (got -1.0)\n", lastErr[0]);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void unreachableMasterIsOneLineAndLeavesResultsAlone() throws IOException {
        Path d = TinyIdx.write(tmp.resolve("d"), 8, 4, true);
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + d + "\n");
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort(); // closed again: nothing listens there
        }
        assertEquals(
                2,
                run(f.toString(), "--out", tmp.resolve("out").toString(), "--master", "spark://127.0.0.1:" + freePort));
        assertTrue(
                lastErr[0].startsWith("error: cannot reach the Spark master spark://127.0.0.1:" + freePort),
                lastErr[0]);
        assertEquals(1, lastErr[0].lines().count(), lastErr[0]);
        assertFalse(Files.exists(tmp.resolve("out")), "the folders the lock needed are removed again");
    }

    @Test
    void missingSweepFileUri() {
        assertEquals(
                2, run("file:///nowhere/s.yaml", "--out", tmp.resolve("out").toString()));
        assertEquals("error: file:///nowhere/s.yaml: no such file\n", lastErr[0]);
    }

    @Test
    void missingDataset() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + tmp.resolve("nowhere") + "\n");
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(lastErr[0].startsWith("error: file:") && lastErr[0].contains("nowhere"), lastErr[0]);
        assertTrue(lastErr[0].endsWith("no such directory\n"), lastErr[0]);
        assertEquals(1, lastErr[0].lines().count());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void corruptDataset() throws IOException {
        Path d = TinyIdx.write(tmp.resolve("d"), 8, 4, true);
        Files.write(d.resolve("train-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + d + "\n");
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(lastErr[0].startsWith("error: ") && lastErr[0].contains("train-images-idx3-ubyte.gz"), lastErr[0]);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("x.yaml", "--bogus"));
        assertEquals(
                "error: Unknown option: '--bogus' (--help lists the options)\n", lastErr[0], "one line, error: first");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: mnist\nrepeats: 2\nsearch:\n  width: {values: [10, 20]}\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(
                    0,
                    run(f.toString(), "--dry-run", "--out", tmp.resolve("out").toString()));
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("2 configurations x 2 repeats = 4 trials"), text);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aTpeDryRunShowsTheStartupDrawsAndSaysTheRestComeLater() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(
                f,
                "name: s\ndataset: mnist\nmethod: tpe\nsamples: 30\ntpe: {startup: 4}\nsearch:\n"
                        + "  learning_rate: {distribution: log_uniform, min: 1.0e-4, max: 1.0}\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run(f.toString(), "--dry-run"));
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tpe search"), text);
        // the whole sweep, not its 4 startup draws
        assertTrue(
                text.contains(
                        "30 configurations x 1 repeats = 30 trials; listed below: the 4 random startup draws (TPE "
                                + "proposes the rest as results arrive)"),
                text);
    }

    @Test
    void outUnderAFileIsOneLineNotAStackTrace() throws IOException {
        Path d = TinyIdx.write(tmp.resolve("d"), 8, 4, true);
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + d + "\n");
        Files.writeString(tmp.resolve("afile"), "x");
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("afile/results").toString()));
        assertEquals(
                "error: cannot write results to " + tmp.resolve("afile/results/s") + ": " + tmp.resolve("afile")
                        + " is a file, not a folder\n",
                lastErr[0]);
        assertEquals("x", Files.readString(tmp.resolve("afile")));
    }

    @Test
    void anImpossibleNetworkIsRefusedEvenInADryRun() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: mnist\nfixed:\n  hidden_layers: 2000000000\n");
        assertEquals(2, run(f.toString(), "--dry-run"));
        assertEquals(
                "error: " + f + ":4: fixed.hidden_layers: at most 1000 hidden layers (got 2000000000)\n", lastErr[0]);
        Files.writeString(f, "name: s\ndataset: mnist\nfixed:\n  width: 2000000000\n");
        assertEquals(2, run(f.toString(), "--dry-run"));
        assertTrue(
                lastErr[0].startsWith("error: " + f + ": the network hidden_layers=1 width=2000000000 has "),
                lastErr[0]);
    }

    @Test
    void aSecondDriverOnTheSameFolderIsRefusedAtOnceAndWritesNothing() throws IOException {
        Path d = TinyIdx.write(tmp.resolve("d"), 8, 4, true);
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + d + "\n");
        // a live holder: this very process, as far as the lock file says, with a fresh heartbeat
        Files.createDirectories(tmp.resolve("out/s"));
        Files.writeString(
                tmp.resolve("out/s/_sparksweep.lock"),
                "{\"host\":\"" + InetAddress.getLocalHost().getHostName()
                        + "\",\"pid\":" + ProcessHandle.current().pid()
                        + ",\"since\":\"2026-11-22T10:00:00Z\",\"heartbeat_millis\":"
                        + System.currentTimeMillis() + ",\"token\":\"other\"}");
        long started = System.nanoTime();
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString()));
        assertTrue((System.nanoTime() - started) / 1e9 < 10, "refused before Spark starts");
        assertTrue(
                lastErr[0].startsWith("error: " + tmp.resolve("out/s") + " is in use by another sparksweep driver (pid "
                        + ProcessHandle.current().pid() + " on "),
                lastErr[0]);
        assertEquals(1, lastErr[0].lines().count(), lastErr[0]);
        try (var files = Files.list(tmp.resolve("out/s"))) {
            assertEquals(
                    List.of("_sparksweep.lock"),
                    files.map(p -> p.getFileName().toString()).toList(),
                    "no plan.json, no sweep.yaml, the holder's lock untouched");
        }
    }

    @Test
    void anythingElseIsOneLineWithExitCode3AndTheStackTraceOnlyWhenVerbose() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.report(
                new IllegalStateException("boom\nsecond line"),
                false,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(3, code);
        assertEquals(
                "error: internal error: java.lang.IllegalStateException: boom (--verbose shows the stack trace)\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(
                3,
                SweepCli.report(
                        new OutOfMemoryError("Java heap space"),
                        false,
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .startsWith("error: the driver ran out of memory (Java heap space)"));
        err.reset();
        assertEquals(
                3,
                SweepCli.report(
                        new IllegalStateException("boom"), true, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("\tat io.sparksweep"), "verbose prints the stack trace");
    }

    @Test
    void reportReadsResultsWrittenBeforeColumnsWereAdded() throws IOException {
        // a trials file from before eval_seconds, n_params, attempt, the times and the provenance columns
        ParquetTable<Object[]> old = ParquetTable.<Object[]>named("trial")
                .column("sweep", ColumnType.STRING, r -> r[0])
                .column("trial_id", ColumnType.STRING, r -> r[1])
                .column("config_id", ColumnType.STRING, r -> r[2])
                .column("repeat", ColumnType.INT, r -> r[3])
                .column("seed", ColumnType.LONG, r -> r[4])
                .column("learning_rate", ColumnType.DOUBLE, r -> r[5])
                .column("status", ColumnType.STRING, r -> r[6])
                .column("test_accuracy", ColumnType.DOUBLE, r -> r[7])
                .column("test_accuracy_curve", ColumnType.DOUBLE_LIST, r -> r[8])
                .build();
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            rows.add(new Object[] {"s", "a-r" + r, "a", r, 1L, 0.1, "OK", 0.9 + r / 100.0, List.of(0.8, 0.9 + r / 100.0)
            });
            rows.add(new Object[] {"s", "b-r" + r, "b", r, 2L, 0.5, "OK", 0.7 + r / 100.0, List.of(0.6, 0.7 + r / 100.0)
            });
        }
        old.append(
                new Configuration(),
                new org.apache.hadoop.fs.Path(tmp.resolve("out/s/trials").toUri()),
                "part-1",
                rows);
        PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("report", tmp.resolve("out/s").toString()), lastErr[0]);
        } finally {
            System.setOut(saved);
        }
        assertTrue(Files.readString(tmp.resolve("out/s/report/index.html")).contains("0.9050"));
    }
}
