package io.sparksweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.SweepFileLoader;
import io.sparksweep.train.TrialRunner;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Seconds per epoch of sparksweep's trial runner (the code Spark executors run) against the
 * PyTorch peer, side by side in one run, one thread each. Prints a table and the ratio.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Per-epoch training time of sparksweep's trial runner vs the PyTorch peer, same data, one thread each.")
public final class EpochBenchmark implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "MNIST IDX files (or a folder holding mnist/)")
    String dataDir;

    @Option(names = "--hidden", split = ",", defaultValue = "100,1000", description = "hidden widths (default: ${DEFAULT-VALUE})")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--seeds", defaultValue = "3", description = "repeats per net and side")
    int seeds;

    @Option(names = "--peer", defaultValue = "../shared/peers/torch_mlp.py", description = "the PyTorch peer script")
    Path peer;

    @Option(names = "--python", defaultValue = "/usr/bin/python3")
    String python;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(peer)) {
            System.err.println("error: no peer script at " + peer + " (pass --peer)");
            return 2;
        }
        String omp = System.getenv("OMP_NUM_THREADS");
        if (!"1".equals(omp)) {
            System.err.println("error: run with OMP_NUM_THREADS=1 (deploy/benchmark.sh sets it); got " + omp);
            return 2;
        }
        DatasetResolver.Resolved where = DatasetResolver.resolve(DatasetSpec.parse("mnist"), dataDir);
        ImageDataset data = DatasetCache.get(where.location(), where.knownName(), null);
        Path peerData = Path.of(java.net.URI.create(where.location()));

        System.out.printf("%-12s %-11s %10s %10s %10s %10s %8s%n", "net", "side", "s/epoch", "min", "max", "accuracy", "ratio");
        for (int h : hidden) {
            List<Double> oursEpoch = new ArrayList<>(), peerEpoch = new ArrayList<>();
            List<Double> oursAcc = new ArrayList<>(), peerAcc = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                TrialOutcome o = ours(data, h, s);
                if (o.status() != TrialStatus.OK) {
                    System.err.println("error: sparksweep trial " + o.status() + ": " + o.errorMessage());
                    return 1;
                }
                oursEpoch.add(medianAfterFirst(o.epochSeconds()));
                oursAcc.add(o.testAccuracy());
                JsonNode p = peer(peerData, h, s);
                List<Double> pe = new ArrayList<>();
                p.get("epoch_s").forEach(e -> pe.add(e.asDouble()));
                peerEpoch.add(medianAfterFirst(pe));
                peerAcc.add(p.get("test_accuracy").asDouble());
            }
            double ours = median(oursEpoch), theirs = median(peerEpoch);
            String net = "784-" + h + "-10";
            System.out.printf(Locale.ROOT, "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8.2f%n", net, "sparksweep", ours,
                    min(oursEpoch), max(oursEpoch), mean(oursAcc), ours / theirs);
            System.out.printf(Locale.ROOT, "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8s%n", net, "pytorch", theirs,
                    min(peerEpoch), max(peerEpoch), mean(peerAcc), "1.00");
        }
        System.out.printf("s/epoch: median over %d seeds of each run's median epoch after the first; accuracy: mean after %d epochs%n",
                seeds, epochs);
        return 0;
    }

    private TrialOutcome ours(ImageDataset data, int hidden, int seed) {
        String sweep = "name: bench\ndataset: mnist\nseed: " + seed + "\nfixed: {learning_rate: 0.1, batch_size: 128, width: "
                + hidden + ", epochs: " + epochs + "}\n";
        TrialSpec spec = TrialPlanner.plan(SweepFileLoader.parse(sweep, "benchmark")).trials().get(0);
        return TrialRunner.run(spec, data);
    }

    private JsonNode peer(Path dir, int hidden, int seed) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, peer.toString(), dir.toString(), "--hidden", String.valueOf(hidden),
                "--epochs", String.valueOf(epochs), "--threads", "1", "--seed", String.valueOf(seed), "--lr", "0.1",
                "--batch", "128").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the peer failed: " + out);
        }
        return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    private static double medianAfterFirst(List<Double> epochs) {
        List<Double> rest = epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
        return median(rest);
    }

    private static double median(List<Double> v) {
        return new Median().evaluate(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EpochBenchmark()).execute(args));
    }
}
