package io.sparksweep.bench;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * Checks a sweep's stored trials for the cluster tests: every planned trial exactly once, optionally
 * every one with a given status and first attempt, optionally the same metrics as another run of
 * the same sweep (for example local mode against a cluster). Exit 0 when all checks pass, 1 otherwise.
 */
@Command(
        name = "trial-check",
        mixinStandardHelpOptions = true,
        description =
                "Checks a sweep output folder: all planned trials stored exactly once; optionally equal to another run.")
public final class TrialCheck implements Callable<Integer> {

    @Parameters(index = "0", description = "a sweep's output folder (<out>/<sweep name>)")
    Path sweepDir;

    @Option(
            names = "--same-as",
            description = "another output folder of the same sweep whose metrics must be identical")
    Path other;

    @Option(names = "--all-status", description = "every trial must have this status (OK, DIVERGED, FAILED)")
    TrialStatus allStatus;

    @Option(
            names = "--first-attempt",
            description = "every trial must come from Spark's first attempt (no task retries)")
    boolean firstAttempt;

    @Option(
            names = "--trainer",
            description = "every trial's trainer must start with this (dl4j-fit for a user's own network)")
    String trainer;

    @Override
    public Integer call() throws IOException {
        List<String> problems = new ArrayList<>();
        List<TrialResult> rows = read(sweepDir);
        Set<String> planned = planned(sweepDir);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, TrialResult> first = new HashMap<>();
        for (TrialResult r : rows) {
            counts.merge(r.spec().trialId(), 1, Integer::sum);
            TrialResult seen = first.putIfAbsent(r.spec().trialId(), r);
            // an interrupted compaction leaves identical copies (readers take one); a trial trained and
            // committed twice differs in when and where it ran
            if (seen != null
                    && !(seen.outcome().equals(r.outcome())
                            && Objects.equals(seen.startMillis(), r.startMillis())
                            && Objects.equals(seen.executorId(), r.executorId()))) {
                problems.add(r.spec().trialId() + " stored twice with different rows (attempts " + seen.attempt() + ", "
                        + r.attempt() + ")");
            }
        }
        Set<String> missing = new TreeSet<>(planned);
        missing.removeAll(counts.keySet());
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " planned trials missing, e.g. "
                    + missing.iterator().next());
        }
        for (TrialResult r : rows) {
            if (allStatus != null && r.outcome().status() != allStatus) {
                problems.add(r.spec().trialId() + " is " + r.outcome().status() + ", expected " + allStatus);
            }
            if (firstAttempt && !Integer.valueOf(0).equals(r.attempt())) {
                problems.add(r.spec().trialId() + " came from attempt " + r.attempt());
            }
            if (trainer != null
                    && (r.outcome().trainer() == null || !r.outcome().trainer().startsWith(trainer))) {
                problems.add(r.spec().trialId() + " was trained by "
                        + r.outcome().trainer() + ", expected " + trainer + "...");
            }
        }
        if (other != null) {
            Map<String, TrialResult> theirs = new HashMap<>();
            read(other).forEach(r -> theirs.put(r.spec().trialId(), r));
            int same = 0;
            for (TrialResult r : rows) {
                TrialResult t = theirs.get(r.spec().trialId());
                if (t == null) {
                    problems.add(r.spec().trialId() + " is not in " + other);
                } else if (!r.outcome().sameMetrics(t.outcome())) {
                    problems.add(r.spec().trialId() + " differs: test accuracy per epoch "
                            + r.outcome().testAccuracyCurve() + " vs "
                            + t.outcome().testAccuracyCurve());
                } else {
                    same++;
                }
            }
            System.out.printf(
                    "%d of %d trials have the same status, losses and accuracies of every epoch as in %s%n",
                    same, rows.size(), other);
        }
        Set<String> hosts = new HashSet<>();
        rows.forEach(r -> hosts.add(r.executorId()));
        System.out.printf(
                "%s: %d rows, %d planned, %d distinct trial ids, executors %s%n",
                sweepDir, rows.size(), planned.size(), counts.size(), new TreeSet<>(hosts));
        if (trainer != null) {
            Set<String> trainers = new TreeSet<>();
            rows.forEach(r -> trainers.add(String.valueOf(r.outcome().trainer())));
            System.out.printf("trainers %s%n", trainers);
        }
        problems.stream().limit(10).forEach(p -> System.out.println("PROBLEM: " + p));
        System.out.println(problems.isEmpty() ? "OK" : "FAILED: " + problems.size() + " problems");
        return problems.isEmpty() ? 0 : 1;
    }

    private static List<TrialResult> read(Path dir) {
        return SweepOutput.ofFolder(dir.toAbsolutePath().normalize().toString(), new Configuration())
                .readTrialRows();
    }

    private static Set<String> planned(Path dir) throws IOException {
        JsonNode plan = new ObjectMapper().readTree(Files.readString(dir.resolve("plan.json")));
        Set<String> ids = new HashSet<>();
        plan.get("trials").forEach(t -> ids.add(t.get("trial_id").asText()));
        return ids;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrialCheck()).execute(args));
    }
}
