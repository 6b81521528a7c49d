package io.sparksweep.driver;

import io.sparksweep.console.Progress;
import io.sparksweep.plan.Plan;
import io.sparksweep.stats.Numbers;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.Trainer;
import io.sparksweep.train.TrainingData;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.Versions;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code --trial ID}: trains one planned trial again, here on the driver, and compares it with the
 * stored row. Writes nothing: it shows that a trial's numbers follow from its spec alone.
 */
final class TrialRerun {

    private TrialRerun() {}

    /** A curve as people read it: 4 significant digits a value (the comparison itself is exact). */
    private static String shown(List<Double> curve) {
        return curve.stream().map(v -> v == null ? "-" : Numbers.metric(v)).collect(Collectors.joining(", ", "[", "]"));
    }

    static TrialResult run(
            TrialSpec spec,
            TrainingData data,
            String datasetSha256,
            SweepOutput output,
            Plan plan,
            Trainer trainer,
            PrintStream out) {
        out.printf(
                "re-running %s alone (seed %d): %s%n",
                spec.trialId(), spec.seed(), Numbers.describe(spec.config(), plan.searched()));
        long start = System.currentTimeMillis();
        TrialOutcome o = trainer.train(
                TrialSegment.whole(spec),
                data,
                plan.sweep().robustness(),
                plan.sweep().divergence());
        if (o.metric(Metrics.TEST_RMSE) != null || o.metric(Metrics.RECONSTRUCTION_LOSS) != null) {
            out.printf(
                    Locale.ROOT,
                    "%s  %s  train loss per epoch %s%n",
                    o.status(),
                    Progress.metrics(o),
                    shown(o.trainLoss()));
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s  test accuracy %s  test loss %s  train loss per epoch %s%n",
                    o.status(),
                    o.testAccuracy() == null ? "-" : Numbers.metric(o.testAccuracy()),
                    o.testLoss() == null ? "-" : Numbers.metric(o.testLoss()),
                    shown(o.trainLoss()));
        }
        Optional<TrialResult> stored = output.readTrials().stream()
                .filter(t -> t.spec().trialId().equals(spec.trialId()))
                .findFirst();
        if (stored.isEmpty()) {
            out.println("not stored yet in " + output.trialsDir() + ": nothing to compare with");
        } else {
            TrialOutcome s = stored.get().outcome();
            out.println(
                    s.sameMetrics(o)
                            ? "identical to the stored row (status, train loss and accuracy, test accuracy and test loss of every epoch)"
                            : "DIFFERS from the stored row: stored test accuracy per epoch "
                                    + shown(s.testAccuracyCurve()) + ", now " + shown(o.testAccuracyCurve()));
        }
        return new TrialResult(
                spec,
                o,
                "driver",
                "driver",
                0,
                start,
                System.currentTimeMillis(),
                new Provenance(
                        Versions.sparksweep(),
                        System.getProperty("java.version"),
                        "none",
                        Versions.dl4j(),
                        Versions.blas(),
                        plan.sweep().sha256(),
                        datasetSha256));
    }
}
