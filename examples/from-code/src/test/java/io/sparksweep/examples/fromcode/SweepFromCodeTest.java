package io.sparksweep.examples.fromcode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program, run through main() as a user runs it, on a small generated table (2 epochs). */
class SweepFromCodeTest {

    /** A summary row as the program prints it: rank, hidden, learning_rate, validation and test mean ± std, ok/all. */
    private static final Pattern ROW = Pattern.compile(
            "^(\\d+)\\s+(\\d+)\\s+([0-9.E-]+)\\s+([01]\\.\\d{4}) ± (\\d\\.\\d{4})\\s+([01]\\.\\d{4}) ± (\\d\\.\\d{4})\\s+(\\d+)/(\\d+)$");

    @TempDir
    Path tmp;

    /** Three well separated classes of 4 features, 210 rows: a table an MLP learns in 2 epochs. */
    private Path table() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,kind\n");
        for (int i = 0; i < 210; i++) {
            int k = i % 3;
            double[] f = new double[4];
            for (int j = 0; j < 4; j++) {
                f[j] = (j == k ? 6.0 : 0.0) + random.nextGaussian();
            }
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", f[0], f[1], f[2], f[3], k));
        }
        return Files.writeString(tmp.resolve("clusters.csv"), csv);
    }

    @Test
    void mainRunsTheSweepOnItsOwnSessionAndPrintsTheSummaryRows() throws Exception {
        Path table = table();
        Path out = tmp.resolve("results");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream was = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            SweepFromCode.main(new String[] {
                "--master",
                "local[2]",
                "--table",
                table.toString(),
                "--label",
                "kind",
                "--epochs",
                "2",
                "--out",
                out.toString()
            });
        } finally {
            System.setOut(was);
        }
        String log = printed.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("18 trials (18 ok, 0 diverged, 0 failed) and 6 configurations"), log);

        List<Matcher> rows = new ArrayList<>();
        for (String line : log.substring(log.indexOf("summary rows returned")).split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                rows.add(m);
            }
        }
        assertEquals(6, rows.size(), "one printed row per configuration (2 widths x 3 learning rates)\n" + log);
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = rows.get(i);
            assertEquals(String.valueOf(i + 1), m.group(1), "rows in rank order\n" + log);
            assertEquals("3/3", m.group(8) + "/" + m.group(9), log);
        }
        double bestValidation = Double.parseDouble(rows.get(0).group(4));
        assertTrue(bestValidation > 0.8, "the best configuration learned the clusters: " + bestValidation + "\n" + log);
        assertTrue(
                Files.isRegularFile(out.resolve("from-code-clusters/summary/part-00000.parquet")),
                "the summary lands in Parquet as from the command line");
        assertTrue(Files.isRegularFile(out.resolve("from-code-clusters/report/index.html")));
    }

    @Test
    void aTableThatIsNotThereIsOneLineAndExitCode2WithNothingWritten() throws Exception {
        Path out = tmp.resolve("results");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepFromCode.run(
                new String[] {
                    "--master",
                    "local[1]",
                    "--table",
                    tmp.resolve("missing.csv").toString(),
                    "--out",
                    out.toString()
                },
                new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertEquals(1, message.strip().lines().count(), message);
        assertTrue(message.startsWith("error: ") && message.contains("missing.csv"), message);
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void badArgumentsAreRefusedBeforeSparkStarts() throws Exception {
        for (String[] args : List.of(
                new String[] {"--epochs", "0"},
                new String[] {"--epochs", "many"},
                new String[] {"--tabel", "x.csv"},
                new String[] {"--out"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SweepFromCode.run(
                    args,
                    new PrintStream(OutputStream.nullOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, String.join(" ", args));
            assertTrue(message.startsWith("error: "), message);
            assertTrue(message.contains(args[0]), message);
        }
    }
}
