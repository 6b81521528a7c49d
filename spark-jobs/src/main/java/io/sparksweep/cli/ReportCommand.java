package io.sparksweep.cli;

import io.sparksweep.driver.StoredResults;
import io.sparksweep.report.RetrainedModel;
import io.sparksweep.report.SweepReport;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.store.StoredPlanResolver;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.util.RefusedException;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparksweep report <out>/<sweep>}: (re)writes report/ from the stored trial rows; trains nothing. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Writes <out>/<sweep>/report/index.html and its plots from a sweep's stored trials.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "SWEEP_OUTPUT",
            description = "a sweep's output folder, e.g. results/quickstart (a local path or a Hadoop URI)")
    String sweepOutput;

    @Override
    public Integer call() {
        SweepOutput output = SweepOutput.ofFolder(sweepOutput, new Configuration());
        StoredResults results = StoredResults.read(output, id -> true);
        List<TrialResult> trials = results.trials();
        if (trials.isEmpty()) {
            throw new RefusedException(
                    "no trial rows under " + output.trialsDir() + ": is this a sweep's output folder?");
        }
        String text = output.storedSweepText();
        SweepDefinition sweep = text == null
                ? null
                : SweepFileLoader.parse(
                        // a user network's sweep resolves through the declarations plan.json recorded: no jar needed
                        text, output.root() + "/sweep.yaml", new StoredPlanResolver(output));
        String name = sweep == null ? output.root().getName() : sweep.name();
        System.out.println("report: "
                + output.writeReport(SweepReport.build(
                        name,
                        sweep == null ? null : sweep.description(),
                        trials,
                        results.summary(),
                        null,
                        sweep == null ? null : sweep.robustness(),
                        sweep == null || sweep.model() == null
                                ? List.of()
                                : sweep.model().metrics(),
                        RetrainedModel.parseAll(output.networks().retrainedSidecars()))));
        return 0;
    }
}
