package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.TableDataset;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.TableSpec;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
