package io.sparksweep;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Planning, statistics and the trial records stay pure: no Spark, DL4J, ND4J or Hadoop in them. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.sparksweep");

    @Test
    void pureCoreUsesNeitherSparkNorDl4j() {
        noClasses().that().resideInAnyPackage("io.sparksweep.space..", "io.sparksweep.plan..",
                        "io.sparksweep.trial..", "io.sparksweep.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                        "org.deeplearning4j.nn..", "org.nd4j..", "scala..")
                .because("they are unit-tested in milliseconds and run on the driver")
                .check(CLASSES);
    }

    @Test
    void onlyTheJobPackageTouchesSpark() {
        noClasses().that().resideOutsideOfPackage("io.sparksweep.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(CLASSES);
    }
}
