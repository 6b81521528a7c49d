package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.TableSpec;
import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.sweepfile.SweepFileLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables read without collecting them: statistics from Spark jobs equal to the driver's encoding,
 * seeded stratified samples, and the refusals of sample:.
 */
class StreamedTableTest {

    @TempDir
    static Path tmp;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("streamed")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** n rows: two numbers (one with a slash in its name), a text column, a boolean, and a 3-class text label. */
    private static Path csv(String name, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("size/cm,weight,colour,flag,kind\n");
        for (int i = 0; i < n; i++) {
            sb.append(rng.nextGaussian() * 3 + 10)
                    .append(',')
                    .append(rng.nextInt(1000) / 7.0)
                    .append(',')
                    .append(new String[] {"red", "blue", " green"}[rng.nextInt(3)])
                    .append(',')
                    .append(rng.nextBoolean())
                    .append(',')
                    .append(new String[] {"a", "b", "c"}[i % 3])
                    .append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    private static TableSpec spec(String block) {
        return SweepFileLoader.parse("name: t\ndataset:\n" + block, "t.yaml")
                .dataset()
                .table();
    }

    private static StreamedTable streamed(TableSpec spec, long seed) {
        return StreamedTable.read(spark, spec, seed, TableReader.choose(spark, spec.path(), spec, null));
    }

    /** The same training rows encoded on the driver and by Spark jobs: the same statistics and inputs. */
    private static void assertSameEncoding(TableDataset driver, EncodedTable table) {
        TablePreprocessing a = driver.preprocessing(), b = table.preprocessing();
        assertEquals(a.columns().size(), b.columns().size());
        for (int c = 0; c < a.columns().size(); c++) {
            TablePreprocessing.FeatureColumn x = a.columns().get(c),
                    y = b.columns().get(c);
            assertEquals(x.name(), y.name());
            assertEquals(x.kind(), y.kind());
            assertEquals(x.standardized(), y.standardized());
            assertEquals(x.categories(), y.categories(), x.name());
            assertEquals(x.mean(), y.mean(), 1e-6 * Math.max(1, Math.abs(x.mean())), x.name() + " mean");
            assertEquals(x.std(), y.std(), 1e-6 * Math.max(1, x.std()), x.name() + " std");
        }
        assertEquals(a.classes(), b.classes());
        assertEquals(a.targetMean(), b.targetMean(), 1e-6 * Math.max(1, Math.abs(a.targetMean())));
        assertEquals(a.targetStd(), b.targetStd(), 1e-6 * Math.max(1, a.targetStd()));
        assertEquals(driver.featureNames(), table.featureNames());
        assertEquals(driver.summary().columns(), table.summary().columns());
        assertEquals(driver.summary().classes(), table.summary().classes());

        TableDataset read = EncodedTableFiles.load(table);
        for (String part : new String[] {"train", "test"}) {
            Examples d = part.equals("train") ? driver.train() : driver.test();
            Examples s = part.equals("train") ? read.train() : read.test();
            assertEquals(d.size(), s.size(), part);
            int w = driver.features();
            int bitEqual = 0;
            for (int i = 0; i < d.size(); i++) {
                int rd = d.rows()[i], rs = s.rows()[i];
                for (int j = 0; j < w; j++) {
                    float u = d.x()[rd * w + j], v = s.x()[rs * w + j];
                    assertEquals(u, v, 1e-6f * Math.max(1, Math.abs(u)), part + " row " + i + " input " + j);
                    bitEqual += Float.floatToIntBits(u) == Float.floatToIntBits(v) ? 1 : 0;
                }
                if (d.classes() != null) {
                    assertEquals(d.classes()[rd], s.classes()[rs], part + " row " + i);
                } else {
                    assertEquals(d.targets()[rd], s.targets()[rs], 0, part + " row " + i);
                }
            }
            // means agree to the last bit or two; most inputs come out bit for bit
            assertTrue(bitEqual > 0.9 * d.size() * w, part + ": " + bitEqual + " of " + d.size() * w + " bit for bit");
        }
    }

    @Test
    void csvEncodesAsTheDriverDoes() throws IOException {
        Path train = csv("train.csv", 600, 1), test = csv("test.csv", 200, 2);
        String block = "  format: csv\n  path: " + train + "\n  test: " + test + "\n  label: kind\n";
        TableDataset driver = TableReader.read(spark, spec(block), 7);
        StreamedTable s = streamed(spec(block + "  sample: 1.0\n"), 7);
        EncodedTable written = s.writeUnder(
                new org.apache.hadoop.fs.Path(tmp.resolve("csv-out").toUri()));
        assertEquals(600, written.trainRows(), "sample: 1.0 is every row (the test rows are the test: table)");
        assertSameEncoding(driver, written);
    }

    @Test
    void parquetRegressionEncodesAsTheDriverDoes() {
        Path train = tmp.resolve("reg.parquet"), test = tmp.resolve("reg-test.parquet");
        for (Path p : new Path[] {train, test}) {
            spark.range(p == train ? 3000 : 500)
                    .selectExpr(
                            "cast(id as double) / 10 + randn(3) as `x/1`",
                            "cast(id % 7 as int) as x2",
                            "id % 3 = 0 as b",
                            "cast(id as double) * 3 + 5 + randn(4) as target")
                    .repartition(3)
                    .write()
                    .parquet(p.toString());
        }
        String block = "  format: parquet\n  path: " + train + "\n  test: " + test + "\n  label: target\n";
        TableDataset driver = TableReader.read(spark, spec(block), 7);
        EncodedTable written = streamed(spec(block + "  sample: 1.0\n"), 7)
                .writeUnder(new org.apache.hadoop.fs.Path(tmp.resolve("reg-out").toUri()));
        assertTrue(written.regression());
        // Parquet's partitions may come in another order than the driver read them: compare as sets of rows
        assertEquals(
                driver.preprocessing().columns().size(),
                written.preprocessing().columns().size());
        assertSameStatisticsOnly(driver, written);
    }

    private static void assertSameStatisticsOnly(TableDataset driver, EncodedTable table) {
        for (int c = 0; c < driver.preprocessing().columns().size(); c++) {
            var x = driver.preprocessing().columns().get(c);
            var y = table.preprocessing().columns().get(c);
            assertEquals(x.mean(), y.mean(), 1e-6 * Math.max(1, Math.abs(x.mean())), x.name());
            assertEquals(x.std(), y.std(), 1e-6 * Math.max(1, x.std()), x.name());
        }
        // the target is kept as a double on both paths: only the order of the sums differs
        assertEquals(driver.targetMean(), table.targetMean(), 1e-12 * Math.abs(driver.targetMean()));
        assertEquals(driver.targetStd(), table.targetStd(), 1e-12 * driver.targetStd());
        TableDataset read = EncodedTableFiles.load(table);
        assertEquals(driver.train().size(), read.train().size());
        assertEquals(driver.test().size(), read.test().size());
        // the same multiset of encoded rows: sum of every input over the part
        int w = driver.features();
        for (int j = 0; j < w; j++) {
            double a = 0, b = 0;
            for (int r : driver.train().rows()) {
                a += driver.train().x()[r * w + j];
            }
            for (int r : read.train().rows()) {
                b += read.train().x()[r * w + j];
            }
            assertEquals(a, b, 1e-3, "input " + j);
        }
    }

    /** 30 000 rows, classes of 60, 30 and 10 %. */
    private static Path imbalanced() {
        Path p = tmp.resolve("imbalanced.parquet");
        if (!Files.exists(p)) {
            spark.range(30000)
                    .selectExpr(
                            "randn(1) as x",
                            "randn(2) as y",
                            "case when id % 10 < 6 then 'big' when id % 10 < 9 then 'mid' else 'small' end as c")
                    .repartition(4)
                    .write()
                    .parquet(p.toString());
        }
        return p;
    }

    @Test
    void aRowCountSampleIsCloseStratifiedAndSeeded() {
        String block = "  format: parquet\n  path: " + imbalanced() + "\n  label: c\n  validation_fraction: 0.1\n"
                + "  sample: 3000\n";
        StreamedTable s = streamed(spec(block), 11);
        EncodedTable t = s.table();
        long sampled = t.trainRows() + t.validationRows();
        assertEquals(3000, sampled, 3000 * 0.04, "a row count lands within a few per cent");
        assertEquals(0.1, t.validationRows() / (double) sampled, 0.02, "validation carved from the sample");
        assertEquals(30000 * 0.2, t.testRows(), 30000 * 0.2 * 0.05, "the test part stays the table's fifth");
        TableDataset read = EncodedTableFiles.load(
                s.writeUnder(new org.apache.hadoop.fs.Path(tmp.resolve("s1").toUri())));
        int[] perClass = new int[3];
        for (int r : read.train().rows()) {
            perClass[read.train().classes()[r]]++;
        }
        double n = read.train().size();
        assertEquals(0.6, perClass[0] / n, 0.03, "stratified: big");
        assertEquals(0.3, perClass[1] / n, 0.03, "stratified: mid");
        assertEquals(0.1, perClass[2] / n, 0.02, "stratified: small");

        StreamedTable again = streamed(spec(block), 11);
        assertEquals(t.sha256(), again.table().sha256(), "the same seed, the same sample");
        assertEquals(t.trainRows(), again.table().trainRows());
        StreamedTable other = streamed(spec(block), 12);
        assertNotEquals(t.sha256(), other.table().sha256(), "another seed, another sample");
        assertNotEquals(t.trainRows(), other.table().trainRows());
    }

    /** Spark jobs {@code action} starts, counted by the status tracker under a job group of its own. */
    private static int jobsOf(String group, Runnable action) throws InterruptedException {
        spark.sparkContext().setJobGroup(group, group, false);
        try {
            action.run();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        Thread.sleep(1500); // the status store hears of jobs through Spark's asynchronous listener bus
        return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
    }

    /** The manifest's files (name, rows per part, SHA-256 of the bytes) of an encoded table. */
    private static String files(EncodedTable t) throws IOException {
        return new ObjectMapper()
                .readTree(Path.of(java.net.URI.create(t.location()).getPath(), EncodedTableFiles.MANIFEST)
                        .toFile())
                .path("files")
                .toString();
    }

    /**
     * A retrain's table from the statistics the sweep stored in dataset.json (read back from JSON): no
     * statistics job, the same encoded table, the same rows in the same parts, the same files.
     */
    @Test
    void storedStatisticsGiveTheSameTableRowsAndPartsWithoutAStatisticsJob() throws Exception {
        Path test = csv("stored-test.csv", 200, 5);
        for (String block : new String[] {
            "  format: parquet\n  path: " + imbalanced() + "\n  label: c\n  validation_fraction: 0.1\n"
                    + "  sample: 3000\n",
            "  format: csv\n  path: " + csv("stored.csv", 900, 4) + "\n  test: " + test + "\n  label: kind\n"
                    + "  sample: 0.5\n"
        }) {
            TableSpec spec = spec(block);
            StreamedTable[] read = new StreamedTable[1], stored = new StreamedTable[1];
            int readJobs = jobsOf("read-" + spec.format(), () -> read[0] = streamed(spec, 11));
            EncodedTable t = read[0].table();
            // what SweepData.datasetDocument() stores, through JSON and back
            ObjectMapper json = new ObjectMapper();
            JsonNode doc = json.readTree(json.writeValueAsBytes(Map.of(
                    "summary", t.summary(), "preprocessing", t.preprocessing().toJson())));
            TablePreprocessing p = TablePreprocessing.fromJson(doc.path("preprocessing"));
            TableSummary summary = TableSummary.fromJson(doc.path("summary"));
            int storedJobs = jobsOf(
                    "stored-" + spec.format(),
                    () -> stored[0] = StreamedTable.stored(spark, spec, 11, p, summary, t.sha256()));
            assertNotNull(stored[0], block);
            assertTrue(readJobs >= 4, "the control: computing the statistics runs jobs (" + readJobs + ")");
            // Spark reads each file's schema (Parquet's footer, a CSV's header row) in a job of its own
            assertTrue(
                    storedJobs <= (spec.test() == null ? 1 : 2),
                    "only the tables' schemas read: " + storedJobs + " jobs");
            assertEquals(t, stored[0].table(), "the same encoded table, statistics, counts and hash");
            assertEquals(read[0].nonTestRowCount(), stored[0].nonTestRowCount());
            List<String> a = sorted(read[0].nonTestRows().collectAsList()),
                    b = sorted(stored[0].nonTestRows().collectAsList());
            assertTrue(
                    a.equals(b),
                    "the same rows outside the test part, each in the same part: " + a.size() + " and " + b.size()
                            + " rows, " + a.stream().filter(r -> !b.contains(r)).count() + " differ");
            String dir = tmp.resolve("stored-" + spec.format()).toString();
            assertEquals(
                    files(read[0].writeUnder(new org.apache.hadoop.fs.Path(dir + "-read"))),
                    files(stored[0].writeUnder(new org.apache.hadoop.fs.Path(dir + "-stored"))),
                    "the same encoded files, byte for byte");

            // statistics that are not the sweep's for this table: another seed or hash is refused
            assertNull(StreamedTable.stored(spark, spec, 12, p, summary, t.sha256()), "another seed");
            assertNull(StreamedTable.stored(spark, spec, 11, p, summary, "0".repeat(64)), "another hash");
        }
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    @Test
    void aFractionSamplesThatShareOutsideTheTestPart() {
        String block = "  format: parquet\n  path: " + imbalanced() + "\n  label: c\n  sample: 0.05\n";
        EncodedTable t = streamed(spec(block), 3).table();
        assertEquals(0.05 * 30000 * 0.8, t.trainRows(), 0.05 * 30000 * 0.8 * 0.1);
        assertNull(t.summary().validationRows());
        assertEquals(
                30000,
                t.summary().classes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
    }

    @Test
    void aSampleLargerThanTheTableIsRefused() {
        String block = "  format: parquet\n  path: " + imbalanced() + "\n  label: c\n  sample: 50000\n";
        String msg = assertThrows(DatasetException.class, () -> streamed(spec(block), 1))
                .getMessage();
        assertTrue(msg.contains("sample: 50000 rows is more than the table's"), msg);
        assertEquals(1, msg.lines().count());
    }

    @Test
    void aSampleOfNoRowsIsRefused() throws IOException {
        Path p = csv("small.csv", 30, 4);
        String block = "  format: csv\n  path: " + p + "\n  label: kind\n  sample: 0.001\n";
        String msg = assertThrows(DatasetException.class, () -> streamed(spec(block), 1))
                .getMessage();
        assertTrue(msg.contains("leaves no training rows"), msg);
    }

    @Test
    void badSampleKeysAreOneLineNamingTheKey() {
        for (String bad : new String[] {"0", "-5", "1.5", "0.0", "lots", "[1, 2]"}) {
            String msg = assertThrows(
                            SweepFileException.class,
                            () -> spec("  format: csv\n  path: t.csv\n  label: k\n  sample: " + bad + "\n"))
                    .getMessage();
            assertTrue(msg.contains("dataset.sample"), msg);
            assertEquals(1, msg.lines().count(), msg);
        }
        assertEquals(
                100L,
                spec("  format: csv\n  path: t.csv\n  label: k\n  sample: 100\n")
                        .sample()
                        .rows());
        assertEquals(
                1.0,
                spec("  format: csv\n  path: t.csv\n  label: k\n  sample: 1.0\n")
                        .sample()
                        .fraction());
        String unknown = assertThrows(
                        SweepFileException.class,
                        () -> spec("  format: csv\n  path: t.csv\n  label: k\n  samples: 100\n"))
                .getMessage();
        assertTrue(unknown.contains("dataset.samples: unknown key"), unknown);
    }

    @Test
    void partsTooLargeForAnExecutorAreRefusedSuggestingSample() {
        String block = "  format: parquet\n  path: " + imbalanced() + "\n  label: c\n  sample: 1.0\n";
        EncodedTable t = streamed(spec(block), 1).table();
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf()
                .set("spark.master", "local[2]")
                .set(ExecutorMemory.TABLE_MEMORY, "100k");
        String msg = assertThrows(DatasetException.class, () -> ExecutorMemory.requireFits(t, conf))
                .getMessage();
        assertTrue(msg.contains("sample:"), msg);
        assertTrue(msg.contains(ExecutorMemory.TABLE_MEMORY), msg);
        ExecutorMemory.requireFits(t, conf.set(ExecutorMemory.TABLE_MEMORY, "10m"));
    }
}
