package io.sparksweep.examples.fromcode;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples' READMEs name the versions a pom of one's own must state: the ones this build uses. */
class ReadmeTest {

    private static final Path MODULE = Path.of(System.getProperty("sparksweep.example.dir", "."));
    private static final String SPARKSWEEP = System.getProperty("sparksweep.version");
    private static final String SPARK = System.getProperty("sparksweep.spark.version");

    @Test
    void theStandalonePomNamesThisBuildsVersions() throws IOException {
        String readme = Files.readString(MODULE.resolve("README.md"));
        assertTrue(
                readme.contains(
                        "<artifactId>sparksweep-spark-jobs</artifactId>\n    <version>" + SPARKSWEEP + "</version>"),
                "README.md's pom: sparksweep-spark-jobs " + SPARKSWEEP);
        assertTrue(
                readme.contains("<artifactId>spark-sql_2.12</artifactId>\n    <version>" + SPARK + "</version>"),
                "README.md's pom: spark-sql_2.12 " + SPARK);
    }

    @Test
    void theModelExamplesNameTheArtifactToDependOn() throws IOException {
        for (String example : new String[] {"residual-graph", "sequence-lstm"}) {
            String readme = Files.readString(MODULE.resolve("../" + example + "/README.md"));
            assertTrue(
                    readme.contains("`io.sparksweep:sparksweep-spark-jobs:" + SPARKSWEEP + "`"),
                    example + "/README.md names io.sparksweep:sparksweep-spark-jobs:" + SPARKSWEEP);
        }
    }
}
