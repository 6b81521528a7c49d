package io.sparksweep.cli;

import io.sparksweep.data.TinyIdx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep stopped by TERM, in its own JVM as a user's would be: one line, the lock released, exit 143. */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void aTerminatedSweepSaysWhatItKeptAndReleasesItsLock() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
        Path sweep = tmp.resolve("long.yaml");
        Files.writeString(sweep, """
                name: long
                dataset: idx:%s
                repeats: 2
                fixed: {epochs: 40, batch_size: 32}
                search:
                  width: {values: [8, 9, 10, 11, 12, 13, 14, 15]}
                """.formatted(data));
        Path out = tmp.resolve("out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the test JVM's flags (--add-opens for Spark on Java 17, the heap) serve the sweep's JVM too
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent"))
                .forEach(command::add);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SweepCli.class.getName(),
                sweep.toString(),
                "--out",
                out.toString(),
                "--master",
                "local[1]"));
        Process p = new ProcessBuilder(command)
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
        try (BufferedReader stdout =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = stdout.readLine()) != null && !line.matches("\\[ *1/16\\].*")) {
                // wait for the first stored trial
            }
            // its commit: a part file in trials/ (a fixed pause was too short on a loaded machine)
            File trials = out.resolve("long").resolve("trials").toFile();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !hasPart(trials)) {
                Thread.sleep(100);
            }
            Thread.sleep(200);
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT but portable from Java
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sweep ends promptly");
        }
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertEquals(143, p.exitValue(), err);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.matches("interrupted: [1-9][0-9]* of 16 trials stored in "
                                + out.resolve("long") + "; run the same command to continue")),
                err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertFalse(Files.exists(out.resolve("long").resolve("_sparksweep.lock")), "the lock is released");
        assertTrue(new File(out.resolve("long").toFile(), "trials").isDirectory());
    }

    private static boolean hasPart(File trials) {
        String[] names = trials.list();
        return names != null
                && java.util.Arrays.stream(names).anyMatch(n -> n.startsWith("part-") && n.endsWith(".parquet"));
    }
}
