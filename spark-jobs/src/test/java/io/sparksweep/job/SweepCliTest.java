package io.sparksweep.job;

import io.sparksweep.TinyIdx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            freePort = probe.getLocalPort(); // closed again: nothing listens there
        }
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString(), "--master", "spark://127.0.0.1:" + freePort));
        assertTrue(lastErr[0].startsWith("error: cannot reach the Spark master spark://127.0.0.1:" + freePort), lastErr[0]);
        assertEquals(1, lastErr[0].lines().count(), lastErr[0]);
    }

    @Test
    void missingSweepFileUri() {
        assertEquals(2, run("file:///nowhere/s.yaml", "--out", tmp.resolve("out").toString()));
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
        Files.write(d.resolve("train-images-idx3-ubyte.gz"), new byte[]{0x1f, (byte) 0x8b, 1, 2, 3});
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: idx:" + d + "\n");
        assertEquals(2, run(f.toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(lastErr[0].startsWith("error: ") && lastErr[0].contains("train-images-idx3-ubyte.gz"), lastErr[0]);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("x.yaml", "--bogus"));
        assertTrue(lastErr[0].contains("Unknown option: '--bogus'"), lastErr[0]);
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws IOException {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "name: s\ndataset: mnist\nrepeats: 2\nsearch:\n  width: {values: [10, 20]}\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, run(f.toString(), "--dry-run", "--out", tmp.resolve("out").toString()));
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("2 configurations x 2 repeats = 4 trials"), text);
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
