package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.TableSpec;
import io.sparksweep.sweepfile.SweepFileLoader;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables read with Spark: encoding and the split on generated tables, and each malformed table refused in one line. */
class TableReaderTest {

    @TempDir
    static Path tmp;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[1]")
                .appName("tables")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A CSV of n rows: a numeric column named with a slash, a text column, a boolean, and a 3-class text label. */
    private static Path csv(String name, int n) throws IOException {
        StringBuilder sb = new StringBuilder("size/cm,colour,flag,kind\n");
        for (int i = 0; i < n; i++) {
            sb.append(i * 0.5)
                    .append(',')
                    .append(i % 2 == 0 ? "red" : "blue")
                    .append(',')
                    .append(i % 3 == 0)
                    .append(',')
                    .append(new String[] {"a", "b", "c"}[i % 3])
                    .append('\n');
        }
        return write(name, sb.toString());
    }

    private static Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The table block of a sweep file, parsed as a user would write it. */
    private static TableSpec spec(String block) {
        DatasetSpec d =
                SweepFileLoader.parse("name: t\ndataset:\n" + block, "t.yaml").dataset();
        return d.table();
    }

    private static TableDataset read(String block) {
        return TableReader.read(spark, spec(block), 1);
    }

    private static String refused(String block) {
        String msg = assertThrows(DatasetException.class, () -> read(block)).getMessage();
        assertEquals(1, msg.lines().count(), msg);
        return msg;
    }

    @Test
    void encodesSplitsAndStandardizes() throws IOException {
        Path p = csv("ok.csv", 100);
        TableDataset t = read("  format: csv\n  path: " + p + "\n  label: kind\n  validation_fraction: 0.2\n");
        assertEquals(List.of("a", "b", "c"), t.classNames());
        assertEquals(List.of("size/cm", "colour=blue", "colour=red", "flag"), t.featureNames());
        assertEquals(100, t.train().size() + t.validation().size() + t.test().size());
        // stratified: each class (34, 33, 33 rows) gives a fifth of its rows, rounded, to test and to validation
        assertEquals(7 + 7 + 7, t.test().size());
        assertEquals(21, t.validation().size());
        double sum = 0;
        for (int r : t.train().rows()) {
            sum += t.train().x()[r * 4];
        }
        assertEquals(0, sum / t.train().size(), 1e-5, "z-scored with the training part's mean");
        TableDataset again = read("  format: csv\n  path: " + p + "\n  label: kind\n  validation_fraction: 0.2\n");
        assertEquals(t.sha256(), again.sha256(), "the same seed gives the same split and the same hash");
        assertArrayEquals(t.test().rows(), again.test().rows());
    }

    @Test
    void regressionOnARealLabelAndParquet() throws IOException {
        Path p = tmp.resolve("reg.parquet");
        spark.range(200)
                .selectExpr(
                        "cast(id as double) / 10 as `x/1`",
                        "cast(id % 7 as double) as x2",
                        "cast(id as double) * 3 + 5 as target")
                .write()
                .parquet(p.toString());
        TableDataset t = read("  format: parquet\n  path: " + p + "\n  label: target\n");
        assertTrue(t.regression());
        assertEquals(40, t.test().size());
        assertNull(t.validation());
        assertEquals(3 * 99.5 + 5, t.targetMean(), 30, "standardized with the training part's mean");
    }

    @Test
    void missingLabelNamesTheColumns() throws IOException {
        Path p = csv("nolabel.csv", 20);
        assertEquals(
                p + ": no label column 'species'; the columns are: size/cm, colour, flag, kind",
                refused("  format: csv\n  path: " + p + "\n  label: species\n"));
    }

    @Test
    void featureOfAnotherType() {
        Path p = tmp.resolve("dates.parquet");
        spark.range(20)
                .selectExpr(
                        "cast(id as double) as x",
                        "date_add(to_date('2020-01-01'), cast(id as int)) as day",
                        "cast(id % 2 as int) as y")
                .write()
                .parquet(p.toString());
        assertEquals(
                p
                        + ": feature column 'day' is date; features must be numbers, booleans or text (list the others under features:)",
                refused("  format: parquet\n  path: " + p + "\n  label: y\n"));
    }

    @Test
    void labelWithOneClass() throws IOException {
        Path p = write("one.csv", "x,y\n1,a\n2,a\n3,a\n");
        assertEquals(
                p + ": label 'y' has one class ('a') in all 3 rows; classification needs at least two",
                refused("  format: csv\n  path: " + p + "\n  label: y\n"));
    }

    @Test
    void nullsAreRefusedOrDropped() throws IOException {
        Path p = write("nulls.csv", "x,z,y\n1,1,a\n,2,b\n3,,a\n,4,b\n5,5,a\n6,6,b\n7,7,a\n8,8,b\n9,9,a\n10,10,b\n");
        assertEquals(
                p
                        + ": missing values: column 'x' in 2 rows, column 'z' in 1 row; add missing: drop to the dataset block to drop such rows",
                refused("  format: csv\n  path: " + p + "\n  label: y\n"));
        TableDataset t = read("  format: csv\n  path: " + p + "\n  label: y\n  missing: drop\n");
        assertEquals(7, t.train().size() + t.test().size());
    }

    @Test
    void emptyTable() throws IOException {
        Path p = write("empty.csv", "x,y\n");
        assertEquals(
                p + ": the table is empty (no rows under the header)",
                refused("  format: csv\n  path: " + p + "\n  label: y\n"));
    }

    @Test
    void absentPath() {
        String msg = refused("  format: csv\n  path: " + tmp.resolve("nowhere.csv") + "\n  label: y\n");
        assertTrue(msg.startsWith(tmp.resolve("nowhere.csv") + ": cannot read: "), msg);
        assertTrue(msg.contains("does not exist"), msg);
    }

    @Test
    void fractionsLeavingAClassEmpty() throws IOException {
        Path p = write("small.csv", "x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n6,b\n7,b\n");
        assertEquals(
                p
                        + ": test_fraction 0.2 and validation_fraction 0.2 leave fewer than one example of class 'b' (2 rows) "
                        + "in the training part; use a larger table or other fractions",
                refused("  format: csv\n  path: " + p + "\n  label: y\n  validation_fraction: 0.2\n"));
    }

    @Test
    void regressionLabelThatIsText() throws IOException {
        Path p = csv("text.csv", 10);
        assertEquals(
                p + ": task: regression needs a numeric label, but 'kind' is text (e.g. 'a')",
                refused("  format: csv\n  path: " + p + "\n  label: kind\n  task: regression\n"));
    }

    @Test
    void separateTestTableUsesTheTrainingVocabulary() throws IOException {
        Path train = csv("train.csv", 30);
        Path test = write("test.csv", "size/cm,colour,flag,kind\n1.0,green,true,a\n2.0,red,false,b\n");
        TableDataset t = read("  format: csv\n  path: " + train + "\n  label: kind\n  test: " + test + "\n");
        assertEquals(30, t.train().size());
        assertEquals(2, t.test().size());
        assertNotNull(t.test().x());
        // 'green' is not in the training vocabulary: both one-hot columns are 0
        assertEquals(0f, t.test().x()[1]);
        assertEquals(0f, t.test().x()[2]);
    }

    /**
     * A customer table as users export it: a row-number id, numbers, two text columns, a 0.0/1.0 label,
     * and {@code income} cells replaced by {@code odd} in rows 3, 10, 17, ... ({@code every}th rows).
     */
    private static Path customers(String name, int n, String odd, int every) throws IOException {
        StringBuilder sb = new StringBuilder("customer id,age,annual income,city,plan,tenure_years,churned\n");
        String[] cities = {"Lyon", "Paris", "Nantes", "Lille"};
        String[] plans = {"basic", "plus", "pro"};
        for (int i = 0; i < n; i++) {
            boolean churned = (i * 7) % 10 < 3;
            sb.append(i + 1)
                    .append(',')
                    .append(20 + (i * 13) % 50)
                    .append(',')
                    .append(i % every == 3 ? odd : String.valueOf(30000 + (i * 977) % 40000 + 0.5))
                    .append(',')
                    .append(cities[i % 4])
                    .append(',')
                    .append(plans[(i / 3) % 3])
                    .append(',')
                    .append((i % 9) * 0.7)
                    .append(',')
                    .append(churned ? "1.0" : "0.0")
                    .append('\n');
        }
        return write(name, sb.toString());
    }

    @Test
    void aCustomerTableIsClassificationWithoutItsIdAndWithNotAvailableCellsMissing() throws IOException {
        Path p = customers("customers.csv", 200, "N/A", 40);
        assertEquals(
                p
                        + ": missing values: column 'annual income' in 5 rows; add missing: drop to the dataset block to drop such rows",
                refused("  format: csv\n  path: " + p + "\n  label: churned\n"));
        TableDataset t = read("  format: csv\n  path: " + p + "\n  label: churned\n  missing: drop\n");
        assertEquals(List.of("0", "1"), t.classNames(), "a 0.0/1.0 label is two classes, not a number");
        assertEquals(
                List.of(
                        "age",
                        "annual income",
                        "city=Lille",
                        "city=Lyon",
                        "city=Nantes",
                        "city=Paris",
                        "plan=basic",
                        "plan=plus",
                        "plan=pro",
                        "tenure_years"),
                t.featureNames(),
                "the id is left out, the numbers stay numbers");
        TableSummary s = t.summary();
        assertEquals(200, s.rowsRead());
        assertEquals(5, s.rowsDropped());
        assertEquals(Map.of("annual income", 5L), s.missing());
        assertEquals("classification", s.task());
        assertTrue(s.taskReason().contains("2 distinct whole numbers"), s.taskReason());
        assertEquals(
                195, s.classes().values().stream().mapToLong(Long::longValue).sum());
        TableSummary.ColumnLine id = s.columns().stream()
                .filter(c -> c.name().equals("customer id"))
                .findFirst()
                .orElseThrow();
        assertTrue(id.encoding().startsWith("excluded: an identifier"), id.encoding());
        // listed under features:, the id is used as the user asks
        TableDataset listed = read("  format: csv\n  path: " + p
                + "\n  label: churned\n  missing: drop\n  features: [customer id, age]\n");
        assertEquals(List.of("customer id", "age"), listed.featureNames());
    }

    @Test
    void numbersWithAFewOtherCellsAreRefusedNamingThemNeverEncodedAsCategories() throws IOException {
        Path p = customers("odd.csv", 200, "unknown", 40);
        assertEquals(
                p + ": column 'annual income' holds numbers apart from 5 cells of other text ('unknown'): add it to "
                        + "na_values: if it means missing (now '', 'NA', 'N/A', 'null', 'NaN', '?'), or correct the cells",
                refused("  format: csv\n  path: " + p + "\n  label: churned\n  missing: drop\n"));
        TableDataset t =
                read("  format: csv\n  path: " + p + "\n  label: churned\n  missing: drop\n  na_values: [unknown]\n");
        assertEquals(195, t.summary().rowsRead() - t.summary().rowsDropped());
        assertTrue(t.featureNames().contains("annual income"));
    }

    @Test
    void manyCategoriesAreRefusedUnlessExcludedOrListed() throws IOException {
        StringBuilder sb = new StringBuilder("street,x,y\n");
        for (int i = 0; i < 200; i++) {
            sb.append("street ")
                    .append(i % 80)
                    .append(',')
                    .append(i % 7)
                    .append(',')
                    .append(i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        Path p = write("streets.csv", sb.toString());
        assertEquals(
                p + ": column 'street' is text with 80 distinct values (one-hot: as many features); leave it out with "
                        + "exclude: [street], or list the columns to use under features: to encode it anyway",
                refused("  format: csv\n  path: " + p + "\n  label: y\n"));
        assertEquals(
                List.of("x"),
                read("  format: csv\n  path: " + p + "\n  label: y\n  exclude: [street]\n")
                        .featureNames());
        int encoded = read("  format: csv\n  path: " + p + "\n  label: y\n  features: [street, x]\n")
                .features();
        // one input per street in the training part (a street seen only in held-out rows has none), plus x
        assertTrue(encoded > 60 && encoded <= 81, "features: " + encoded);
    }

    @Test
    void manyDistinctWholeNumbersAsALabelAskForTheTask() throws IOException {
        StringBuilder sb = new StringBuilder("x,age\n");
        for (int i = 0; i < 100; i++) {
            sb.append(i % 10).append(',').append(20 + i % 30).append('\n');
        }
        Path p = write("ages.csv", sb.toString());
        assertEquals(
                p + ": label 'age' holds more than 20 distinct whole numbers: classes or a number to predict? add "
                        + "task: classification or task: regression to the dataset block",
                refused("  format: csv\n  path: " + p + "\n  label: age\n"));
        assertTrue(read("  format: csv\n  path: " + p + "\n  label: age\n  task: regression\n")
                .regression());
        assertEquals(
                30,
                read("  format: csv\n  path: " + p + "\n  label: age\n  task: classification\n")
                        .numClasses());
    }

    @Test
    void theKeptPreprocessingEncodesARawRowAsTrainingDid() throws IOException {
        Path p = customers("encode.csv", 120, "N/A", 40);
        TableDataset t = read("  format: csv\n  path: " + p + "\n  label: churned\n  missing: drop\n");
        TablePreprocessing pre = TablePreprocessing.fromJson(t.preprocessing().toJson()); // as a sidecar holds it
        assertEquals(t.preprocessing(), pre);
        assertEquals(t.features(), pre.width());
        List<String[]> raw = Files.readAllLines(p).stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(c -> !c[2].equals("N/A"))
                .toList();
        float[] row = new float[pre.width()];
        for (int r : t.train().rows()) {
            String[] cells = raw.get(r);
            // the row as predict reads it: text cells, in the preprocessing's column order
            pre.encode(new Object[] {cells[1], cells[2], cells[3], cells[4], cells[5]}, row, 0, false);
            for (int j = 0; j < row.length; j++) {
                assertEquals(t.train().x()[r * row.length + j], row[j], 1e-6, "row " + r + ", input " + j);
            }
        }
        TablePreprocessing.BadValue unseen = assertThrows(
                TablePreprocessing.BadValue.class,
                () -> pre.encode(new Object[] {"30", "40000", "Brest", "pro", "1.4"}, row, 0, false));
        assertTrue(unseen.unknownCategory());
        pre.encode(new Object[] {"30", "40000", "Brest", "pro", "1.4"}, row, 0, true); // ignored: all zeros
        assertEquals(0f, row[2] + row[3] + row[4] + row[5]);
        assertThrows(
                TablePreprocessing.BadValue.class,
                () -> pre.encode(new Object[] {"30", "N/A", "Lyon", "pro", "1.4"}, row, 0, false));
        ObjectNode future = (ObjectNode) pre.toJson();
        future.put("version", 2);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TablePreprocessing.fromJson(future));
        assertTrue(
                e.getMessage().startsWith("preprocessing version 2 is not one this sparksweep reads"), e.getMessage());
    }
}
