package io.sparksweep.bench;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.TrialContext;
import io.sparksweep.data.DatasetCache;
import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.ImageDataset;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.Divergence;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.StepChoice;
import io.sparksweep.train.TrainingData;
import io.sparksweep.train.TrialRunner;
import io.sparksweep.train.UserModelTraining;
import io.sparksweep.train.UserSegment;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Seconds per epoch of sparksweep's trial runner (the code Spark executors run) against the
 * PyTorch peer, side by side in one run, one thread each. Prints a table and the ratio. The network
 * options beyond the hidden widths (optimizer, dropout) need the peer torch_net.py; they are passed
 * to the peer only when set, so torch_mlp.py keeps working for plain SGD.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Per-epoch training time of sparksweep's trial runner vs the PyTorch peer, same data, one thread each.")
public final class EpochBenchmark implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "MNIST IDX files (or a folder holding mnist/)")
    String dataDir;

    @Option(
            names = "--hidden",
            split = ",",
            defaultValue = "100,1000",
            description =
                    "networks to time: a hidden width (one layer) or layers x width, e.g. 5x200 (default: ${DEFAULT-VALUE})")
    List<String> hidden;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.1")
    double lr;

    @Option(names = "--batch", defaultValue = "128")
    int batch;

    @Option(names = "--dropout", defaultValue = "0", description = "dropout before the output layer")
    double dropout;

    @Option(names = "--input-dropout", defaultValue = "0")
    double inputDropout;

    @Option(names = "--dl4j", description = "also time MultiLayerNetwork.fit on the same network")
    boolean dl4j;

    @Option(
            names = "--user-model",
            description = "with --dl4j: also time the same network written as a user model (api.SweepModel), "
                    + "trained through the user-model path; prints its cost over dl4j-fit")
    boolean userModel;

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
        Path peerData = Path.of(URI.create(where.location()));

        System.out.printf(
                "%-12s %-11s %10s %10s %10s %10s %8s%n", "net", "side", "s/epoch", "min", "max", "accuracy", "ratio");
        for (String h : hidden) {
            List<Double> oursEpoch = new ArrayList<>(), peerEpoch = new ArrayList<>(), fitEpoch = new ArrayList<>();
            List<Double> oursAcc = new ArrayList<>(), peerAcc = new ArrayList<>(), fitAcc = new ArrayList<>();
            List<Double> userEpoch = new ArrayList<>(), userAcc = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                // alternating sides within each seed, so drifting machine load hits all of them alike
                TrialOutcome o = ours(data, h, s, false);
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
                // torch_mlp.py prints test_accuracy, torch_net.py a test_acc per epoch
                JsonNode acc = p.has("test_accuracy")
                        ? p.get("test_accuracy")
                        : p.get("test_acc").get(p.get("test_acc").size() - 1);
                peerAcc.add(acc.asDouble());
                if (dl4j) {
                    TrialOutcome f = ours(data, h, s, true);
                    fitEpoch.add(medianAfterFirst(f.epochSeconds()));
                    fitAcc.add(f.testAccuracy());
                }
                if (dl4j && userModel && !h.contains("x")) {
                    TrialOutcome u = asUserModel(data, Integer.parseInt(h), s);
                    if (u.status() != TrialStatus.OK) {
                        System.err.println("error: user-model trial " + u.status() + ": " + u.errorMessage());
                        return 1;
                    }
                    userEpoch.add(medianAfterFirst(u.epochSeconds()));
                    userAcc.add(u.testAccuracy());
                }
            }
            double ours = median(oursEpoch), theirs = median(peerEpoch);
            String net = "784-" + h + "-10";
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8.2f%n",
                    net,
                    "sparksweep",
                    ours,
                    min(oursEpoch),
                    max(oursEpoch),
                    mean(oursAcc),
                    ours / theirs);
            if (dl4j) {
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8.2f%n",
                        net,
                        "dl4j-fit",
                        median(fitEpoch),
                        min(fitEpoch),
                        max(fitEpoch),
                        mean(fitAcc),
                        median(fitEpoch) / theirs);
            }
            if (!userEpoch.isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8.2f   (user model / dl4j-fit: %.3f)%n",
                        net,
                        "user-model",
                        median(userEpoch),
                        min(userEpoch),
                        max(userEpoch),
                        mean(userAcc),
                        median(userEpoch) / theirs,
                        median(userEpoch) / median(fitEpoch));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-12s %-11s %10.3f %10.3f %10.3f %10.4f %8s%n",
                    net,
                    "pytorch",
                    theirs,
                    min(peerEpoch),
                    max(peerEpoch),
                    mean(peerAcc),
                    "1.00");
        }
        System.out.printf(
                Locale.ROOT,
                "%s lr %s, batch %d, dropout %s, input dropout %s%n",
                optimizer,
                lr,
                batch,
                dropout,
                inputDropout);
        System.out.printf(
                "s/epoch: median over %d seeds of each run's median epoch after the first; accuracy: mean after %d epochs%n",
                seeds, epochs);
        return 0;
    }

    private TrialOutcome ours(ImageDataset data, String hidden, int seed, boolean withFit) {
        String layers = hidden.contains("x") ? "hidden_layers: " + hidden : "width: " + hidden;
        String sweep = "name: bench\ndataset: mnist\nseed: " + seed + "\nfixed: {optimizer: " + optimizer
                + ", learning_rate: " + lr
                + ", batch_size: " + batch + ", " + layers + ", dropout: " + dropout + ", input_dropout: "
                + inputDropout
                + ", epochs: " + epochs + "}\n";
        TrialSpec spec = TrialPlanner.plan(SweepFileLoader.parse(sweep, "benchmark"))
                .trials()
                .get(0);
        return TrialRunner.run(spec, data, withFit ? StepChoice.DL4J_FIT : StepChoice.FAST_WHERE_SUPPORTED);
    }

    /** The same network as a user's {@link DenseUserModel}, through the path user models train on. */
    private TrialOutcome asUserModel(ImageDataset data, int width, int seed) {
        DenseUserModel model = new DenseUserModel();
        TrialContext trial = new TrialContext(
                new Hyperparameters(model.parameters(), Map.of("width", width, "learning_rate", lr)),
                seed,
                "bench-" + seed,
                0,
                epochs,
                batch,
                new DataShape(data.rows() * data.cols(), data.rows(), data.cols(), data.numClasses()));
        if (!optimizer.equals("sgd") || dropout > 0 || inputDropout > 0) {
            throw new IllegalArgumentException("--user-model times plain SGD without dropout");
        }
        return UserModelTraining.run(
                model, UserSegment.whole(trial), TrainingData.of(data, true, null, seed), Divergence.DEFAULT);
    }

    private JsonNode peer(Path dir, String hidden, int seed) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                python,
                peer.toString(),
                dir.toString(),
                "--hidden",
                hidden,
                "--epochs",
                String.valueOf(epochs),
                "--threads",
                "1",
                "--seed",
                String.valueOf(seed),
                "--lr",
                String.valueOf(lr),
                "--batch",
                String.valueOf(batch)));
        if (!optimizer.equals("sgd")) {
            cmd.addAll(List.of("--optimizer", optimizer));
        }
        if (dropout > 0) {
            cmd.addAll(List.of("--dropout", String.valueOf(dropout)));
        }
        if (inputDropout > 0) {
            cmd.addAll(List.of("--input-dropout", String.valueOf(inputDropout)));
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
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
