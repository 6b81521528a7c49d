package io.sparksweep.console;

import io.sparksweep.plan.Plan;
import io.sparksweep.space.Applicability;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The {@code --dry-run} view: what would run, without running or writing anything. */
public final class PlanPrinter {

    private PlanPrinter() {}

    /** Prints the sweep, its divergence setting unless the default, and every planned trial. */
    public static void print(Plan plan, PrintStream out) {
        var s = plan.sweep();
        out.printf(
                "sweep %s (%s), dataset %s, %s search, seed %d%n",
                s.name(),
                s.sourceFile(),
                s.dataset() == null ? "supplied by the model" : s.dataset().describe(),
                s.method().name().toLowerCase(Locale.ROOT),
                s.seed());
        if (s.isUserModel()) {
            out.printf(
                    "model %s, declaring: %s%n",
                    s.modelName(),
                    s.model().parameters().isEmpty()
                            ? "nothing"
                            : ParameterKey.names(s.model().parameters()));
        }
        if (s.method() == SearchMethod.TPE) {
            out.printf(
                    "%d configurations x %d repeats = %d trials; listed below: the %d random startup draws (TPE "
                            + "proposes the rest as results arrive)%n",
                    s.samples(),
                    s.repeats(),
                    s.samples() * s.repeats(),
                    plan.configs().size());
        } else if (s.isRacing()) {
            // every planned repeat is listed; the race decides how many run
            out.printf(
                    "%d configurations x %s = %d to %d trials%n",
                    plan.configs().size(),
                    s.racing().describe(),
                    plan.configs().size() * s.racing().min(),
                    plan.trials().size());
        } else {
            out.printf(
                    "%d configurations x %d repeats = %d trials%n",
                    plan.configs().size(), s.repeats(), plan.trials().size());
        }
        if (plan.duplicateDraws() > 0) {
            out.printf(
                    "note: %d random draws repeated an earlier configuration and were merged%n", plan.duplicateDraws());
        }
        conditional(plan, out);
        List<ParameterKey> fixedShown = plan.sweep().vocabulary().stream()
                .filter(h -> !plan.searched().contains(h))
                .toList();
        Config first = plan.configs().get(0);
        out.println("fixed: " + first.describe(fixedShown));
        if (!s.divergence().equals(Divergence.DEFAULT)) {
            out.println("divergence: " + s.divergence() + " ("
                    + (s.divergence().isOff()
                            ? "only a NaN or infinite loss ends a trial"
                            : "a minibatch loss above " + s.divergence() + "x the untrained network's ends a trial")
                    + ")");
        }
        out.println();
        out.printf("%-12s  %-6s  %-16s  %s%n", "config_id", "repeat", "seed", "searched");
        for (TrialSpec t : plan.trials()) {
            out.printf(
                    "%-12s  %-6d  %-16d  %s%n",
                    t.configId(), t.repeat(), t.seed(), t.config().describe(plan.searched()));
        }
        out.println();
        out.println("dry run: nothing trained, nothing written");
    }

    /**
     * The rules of the conditional hyperparameters the file sets that some configuration does not
     * use, how many points became configurations, and a warning for a value no configuration uses.
     */
    static void conditional(Plan plan, PrintStream out) {
        List<Hyperparameter> conditional = plan.conditional();
        if (conditional.isEmpty()) {
            return;
        }
        SearchMethod method = plan.sweep().method();
        String merged = "";
        if (plan.conditionalMerges() > 0) {
            String points = switch (method) {
                case GRID -> "grid point";
                case RANDOM -> "draw";
                case TPE -> "startup draw";
            };
            merged = "; " + count(plan.points(), points) + " → "
                    + count(plan.configs().size(), "configuration")
                    + (method == SearchMethod.RANDOM
                            ? " (fewer than samples: " + plan.conditionalMerges()
                                    + " differed from an earlier draw only in unused values)"
                            : "");
        }
        out.println("conditional: "
                + String.join(
                        "; ", conditional.stream().map(Applicability::rule).toList()) + merged);
        for (Hyperparameter h : plan.unused()) {
            Object fixed = plan.sweep().fixed().get(h);
            out.printf(
                    "warning: %s %s is used by no configuration (%s)%n",
                    h.key(), fixed == null ? "(searched)" : fixed, Applicability.rule(h));
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
