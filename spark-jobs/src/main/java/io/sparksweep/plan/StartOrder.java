package io.sparksweep.plan;

import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.util.Sha256;
import io.sparksweep.util.Shuffle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order in which an early-stopping sweep starts its planned configurations. Pure: it depends on
 * the sweep seed and the configurations only, so a killed driver's rerun replays the same starts.
 *
 * <p>Asynchronous promotion (asha) and the median rule compare a configuration with those that
 * reached its rung before it. A grid listed with its values ascending tends to start each
 * configuration a little better than the ones before, so nearly every one is promoted: the rungs
 * stop little. Optuna's GridSampler visits grid points in a random order for the same reason; so
 * does this. A random search's draws are already in random order and tpe proposes as it goes, so
 * both keep their order, and so does a grid without early stopping (no rung depends on the order).
 */
public final class StartOrder {

    private StartOrder() {}

    /** {@code configIds} (the plan's order) in the order the sweep starts them. */
    public static List<String> of(SweepDefinition sweep, List<String> configIds) {
        if (sweep.earlyStopping() == null || sweep.method() != SearchMethod.GRID) {
            return List.copyOf(configIds);
        }
        return shuffled(configIds, sweep.seed());
    }

    /**
     * A seeded permutation (Fisher–Yates). Its generator is seeded from SHA-256 of
     * {@code "start-order/<sweep seed>"}, so it shares no stream with any trial seed. Public for
     * {@code bench.AshaReplay}, which replays the orders of several sweep seeds.
     */
    public static List<String> shuffled(List<String> ids, long sweepSeed) {
        byte[] h = Sha256.bytes("start-order/" + sweepSeed);
        SplittableRandom rng = new SplittableRandom(ByteBuffer.wrap(h).getLong());
        List<String> order = new ArrayList<>(ids);
        Shuffle.list(order, rng);
        return List.copyOf(order);
    }

    /**
     * The order a resumed sweep continues in: {@code order} unless the log of the killed run started
     * its first configurations in {@code listed} (the plan's order, as versions before this one
     * did), so an output folder written by such a version still resumes instead of being refused.
     *
     * @param loggedFirstStarts the configurations the log started at epoch 0, in the order it did
     */
    public static List<String> resumed(List<String> order, List<String> listed, List<String> loggedFirstStarts) {
        return isPrefix(loggedFirstStarts, order) || !isPrefix(loggedFirstStarts, listed) ? order : List.copyOf(listed);
    }

    private static boolean isPrefix(List<String> prefix, List<String> list) {
        return prefix.size() <= list.size() && list.subList(0, prefix.size()).equals(prefix);
    }
}
