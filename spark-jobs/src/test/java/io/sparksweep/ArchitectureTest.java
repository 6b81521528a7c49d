package io.sparksweep;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Planning, statistics and the trial records stay pure: no Spark, DL4J, ND4J or Hadoop in them. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sparksweep");

    @Test
    void pureCoreUsesNeitherSparkNorHadoopNorDl4jNorNd4j() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.sparksweep.space..",
                        "io.sparksweep.sweepfile..",
                        "io.sparksweep.trial..",
                        "io.sparksweep.stats..",
                        "io.sparksweep.util..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..", "org.apache.hadoop..", "org.deeplearning4j..", "org.nd4j..", "scala..")
                .because("they are unit-tested in milliseconds and run on the driver")
                .check(CLASSES);
    }

    @Test
    void planningUsesOnlyArbitersParameterSpacesOfDl4j() {
        // random search maps draws through Arbiter's parameter spaces (a DL4J module without networks or arrays)
        noClasses()
                .that()
                .resideInAPackage("io.sparksweep.plan..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..",
                        "org.apache.hadoop..",
                        "org.deeplearning4j.nn..",
                        "org.deeplearning4j.spark..",
                        "org.nd4j..",
                        "scala..")
                .because("planning is pure and runs on the driver")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("io.sparksweep.plan..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "DL4J outside Arbiter",
                        (JavaClass c) -> c.getPackageName().startsWith("org.deeplearning4j")
                                && !c.getPackageName().startsWith("org.deeplearning4j.arbiter")))
                .check(CLASSES);
    }

    @Test
    void onlyTheSparkPackageTouchesSpark() {
        // bench/ measures Spark itself (broadcasting a large table) and is never on a sweep's path;
        // the public API's programmatic entry (api.Sweeps) takes the caller's SparkSession
        noClasses()
                .that()
                .resideOutsideOfPackages("io.sparksweep.spark..", "io.sparksweep.bench..")
                .and()
                .doNotHaveFullyQualifiedName("io.sparksweep.api.Sweeps")
                .and()
                .doNotHaveFullyQualifiedName("io.sparksweep.api.Sweeps$SweepResult")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..")
                .because("the driver, the command line and the console stay readable without Spark's API")
                .check(CLASSES);
    }

    @Test
    void driverConsoleAndReportLeaveTrainingToTrain() {
        noClasses()
                .that()
                .resideInAnyPackage("io.sparksweep.driver..", "io.sparksweep.console..", "io.sparksweep.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .because("DL4J and ND4J stay in train/ (and the evaluate command), where a trial is trained")
                .check(CLASSES);
    }

    @Test
    void trainingOpsDependOnNothingElseOfTraining() {
        noClasses()
                .that()
                .resideInAPackage("io.sparksweep.train.ops..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.sparksweep.train")
                .because("the fast steps are built from the ops, not the other way round")
                .check(CLASSES);
    }

    @Test
    void productionCodeDoesNotReachIntoBenchmarks() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.sparksweep.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.sparksweep.bench..")
                .because("benchmark mains and their simulated trainer stay off the production path")
                .check(CLASSES);
    }
}
