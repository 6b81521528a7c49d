package io.sparksweep.bench;

import io.sparksweep.data.TableDataset;
import io.sparksweep.space.TableSpec;
import io.sparksweep.spark.TableReader;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.util.MemorySize;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table-scale figures of docs/benchmarks.md: generates a ROWS x 50 numeric Parquet table with a 10-class
 * label (once), reads and encodes it as a sweep does, broadcasts it and reads it back in a task,
 * and prints the times and the heap the JVM holds with it.
 * {@code java -cp ... io.sparksweep.bench.TableScaleBenchmark DIR [ROWS [generate [argmax]]]} ({@code generate}: the
 * table only; {@code argmax}: a label that depends on the features, so that accuracy means something)
 */
public final class TableScaleBenchmark {

    private TableScaleBenchmark() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("table-scale")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            // argmax: the label is the index of the largest of f/0..f/9, learnable (chance is 0.1); otherwise id % 10,
            // unrelated to the features (enough for timing the reading)
            boolean argmax = args.length > 3 && args[3].equals("argmax");
            Path table = dir.resolve("wide-" + rows + (argmax ? "-argmax" : "") + ".parquet");
            if (!Files.exists(table)) {
                long t0 = System.nanoTime();
                List<String> generated = new ArrayList<>();
                List<String> features = new ArrayList<>();
                for (int j = 0; j < 50; j++) {
                    generated.add("randn(" + j + ") as `f/" + j + "`");
                    features.add("`f/" + j + "`");
                }
                generated.add("id");
                String label = "cast(id % 10 as int) as label";
                if (argmax) {
                    String first = String.join(", ", features.subList(0, 10));
                    label = "cast(array_position(array(" + first + "), greatest(" + first + ")) - 1 as int) as label";
                }
                List<String> written = new ArrayList<>(features);
                written.add(label);
                // two projections: the label reads the generated columns (Spark does not merge projections
                // that would evaluate randn twice)
                spark.range(rows)
                        .selectExpr(generated.toArray(String[]::new))
                        .selectExpr(written.toArray(String[]::new))
                        .write()
                        .parquet(table.toString());
                System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", table, (System.nanoTime() - t0) / 1e9);
            }
            if (args.length > 2 && args[2].equals("generate")) {
                return; // the table only, for a sweep on it (docs/benchmarks.md, a table larger than the heap)
            }
            long before = usedAfterGc();
            TableSpec spec = SweepFileLoader.parse(
                            "name: s\ndataset:\n  format: parquet\n  path: " + table
                                    + "\n  label: label\n  validation_fraction: 0.1\n",
                            "scale.yaml")
                    .dataset()
                    .table();
            long t0 = System.nanoTime();
            TableDataset t = TableReader.read(spark, spec, 1);
            double read = (System.nanoTime() - t0) / 1e9;
            long held = usedAfterGc() - before;
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            long t1 = System.nanoTime();
            Broadcast<TableDataset> b = jsc.broadcast(t);
            long n = jsc.parallelize(List.of(1, 2), 2)
                    .map(i -> (long) b.value().train().size())
                    .reduce(Long::sum);
            double broadcast = (System.nanoTime() - t1) / 1e9;
            long withBroadcast = usedAfterGc() - before;
            System.out.printf(
                    Locale.ROOT,
                    "%d rows x %d features: read and encoded in %.1f s; encoded table %s; heap held %s; "
                            + "broadcast and read back in 2 tasks in %.1f s (%d); heap held with the broadcast %s; max heap %s%n",
                    rows,
                    t.features(),
                    read,
                    MemorySize.format(t.bytes()),
                    MemorySize.format(held),
                    broadcast,
                    n,
                    MemorySize.format(withBroadcast),
                    MemorySize.format(Runtime.getRuntime().maxMemory()));
        } finally {
            spark.stop();
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
