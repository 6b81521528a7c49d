package io.sparksweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Networks of trials that stopped at a rung, kept in this JVM's memory, so that a promoted segment
 * that runs here continues from the network itself instead of building one and reading its
 * checkpoint back. The checkpoint is still written: it is what another executor, or a rerun after a
 * driver kill, continues from. An entry is keyed by the checkpoint its segment wrote (output folder,
 * trial and epoch) and the sweep's and dataset's hashes, so it stands for exactly that file; a
 * promoted segment takes it out (only one continues from it) and uses it only if it stopped at the
 * epoch the segment starts from.
 *
 * <p>Continuing warm gives the same numbers as continuing from the checkpoint: the checkpoint holds
 * the network's parameters (and {@code fit}'s updater state), the step's optimizer state and the
 * {@link Checkpoint.Progress}, and an entry holds the same network and the same progress object; the
 * shuffle and the random draws depend on the trial seed and the epoch only.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} networks and 128 MB (system property
 * {@code sparksweep.warm.bytes}; 0 keeps none) of parameters and optimizer state; the oldest go first,
 * their native memory freed. A configuration that waits long for its promotion, or lands on another
 * executor, reads its checkpoint as before.
 */
public final class WarmNetworks {

    /** Tasks that use none: a rerun, a test or the benchmark trains through checkpoints only. */
    public static final WarmNetworks NONE = new WarmNetworks(new Store(0, 0), "");

    static final int MAX_ENTRIES = 64;

    // one per executor JVM, shared by its task threads; 128 MB holds about 80 784-512-10 networks with
    // SGD and stays well inside an executor's default off-heap allowance (spark.executor.memoryOverhead, 384 MB)
    private static final Store EXECUTOR = new Store(MAX_ENTRIES, Long.getLong("sparksweep.warm.bytes", 128L << 20));

    /** A kept network and what its checkpoint holds besides the parameters. */
    record Entry(MultiLayerNetwork net, Checkpoint.Progress progress, long bytes) {}

    private final Store store;
    private final String scope;

    private WarmNetworks(Store store, String scope) {
        this.store = store;
        this.scope = scope;
    }

    /**
     * This executor's networks for the sweep and dataset with these hashes: a rerun of a changed
     * sweep, or one on other data, into the same folder in the same JVM finds none of the old ones.
     */
    public static WarmNetworks executor(String sweepSha256, String datasetSha256) {
        return new WarmNetworks(EXECUTOR, sweepSha256 + "|" + datasetSha256);
    }

    /**
     * Frees every network this JVM's executor keeps, as the end of the JVM would. Tests that simulate a
     * driver kill call it before the rerun, so that the rerun continues from the checkpoints.
     */
    public static void forgetExecutorNetworks() {
        EXECUTOR.clear();
    }

    /** A store of its own, for tests. */
    static WarmNetworks of(int maxEntries, long maxBytes) {
        return new WarmNetworks(new Store(maxEntries, maxBytes), "");
    }

    /**
     * Keeps a network that stopped at a rung after writing its checkpoint to {@code checkpoint}; false
     * if it does not fit (then the caller frees it).
     */
    boolean keep(String checkpoint, MultiLayerNetwork net, Checkpoint.Progress progress) {
        return store.keep(checkpoint + "|" + scope, net, progress);
    }

    /**
     * The network that wrote {@code checkpoint}, if kept and stopped after {@code epochsDone}, taken
     * out: the caller now owns it. Null otherwise.
     */
    Entry take(String checkpoint, int epochsDone) {
        return store.take(checkpoint + "|" + scope, epochsDone);
    }

    /** How many segments continued from a kept network, in this store (for tests and the trace). */
    long hits() {
        return store.hits();
    }

    /** How many networks the store keeps. */
    int size() {
        return store.size();
    }

    /** Frees every network of the store. */
    void clear() {
        store.clear();
    }

    private static final class Store {

        private final int maxEntries;
        private final long maxBytes;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
        private long bytes;
        private long hits;

        Store(int maxEntries, long maxBytes) {
            this.maxEntries = maxEntries;
            this.maxBytes = maxBytes;
        }

        synchronized boolean keep(String key, MultiLayerNetwork net, Checkpoint.Progress progress) {
            if (maxEntries == 0) {
                return false;
            }
            long size = sizeOf(net, progress);
            if (size > maxBytes) {
                return false;
            }
            Entry old = entries.remove(key);
            if (old != null) {
                free(old);
            }
            entries.put(key, new Entry(net, progress, size));
            bytes += size;
            // the oldest first: the configurations that waited longest are the least likely to be promoted
            for (Iterator<Entry> it = entries.values().iterator();
                    it.hasNext() && (entries.size() > maxEntries || bytes > maxBytes); ) {
                Entry oldest = it.next();
                it.remove();
                free(oldest);
            }
            return true;
        }

        synchronized Entry take(String key, int epochsDone) {
            Entry e = entries.remove(key);
            if (e == null) {
                return null;
            }
            bytes -= e.bytes();
            if (e.progress().epochsDone() != epochsDone) {
                Net.of(e.net()).release(); // nothing continues from it
                return null;
            }
            hits++;
            return e;
        }

        synchronized long hits() {
            return hits;
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized void clear() {
            entries.values().forEach(e -> Net.of(e.net()).release());
            entries.clear();
            bytes = 0;
        }

        private void free(Entry e) {
            bytes -= e.bytes();
            Net.of(e.net()).release();
        }
    }

    /** Parameters, DL4J's updater state if any, and the fast step's state, as 4-byte floats. */
    private static long sizeOf(MultiLayerNetwork net, Checkpoint.Progress progress) {
        long floats = net.numParams();
        if (net.getUpdater(false) != null && net.getUpdater(false).getStateViewArray() != null) {
            floats += net.getUpdater(false).getStateViewArray().length();
        }
        if (progress.stepState() != null) {
            floats += 2 * net.numParams(); // at most: Adam's two moments
        }
        return 4 * floats;
    }
}
