package io.sparksweep.data;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One decoded copy of each dataset per JVM: every trial an executor runs shares it, so the files
 * are read and decoded once per executor, not once per trial.
 */
public final class DatasetCache {

    private static final ConcurrentMap<String, ImageDataset> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private DatasetCache() {}

    /**
     * @param expectedSha the hash the driver saw; a different copy on an executor is an error, not a silent mix
     */
    public static ImageDataset get(String location, String knownName, String expectedSha) {
        ImageDataset d = CACHE.computeIfAbsent(location, loc -> {
            LOADS.incrementAndGet();
            return DatasetLoader.load(loc, knownName);
        });
        if (expectedSha != null && !expectedSha.equals(d.sha256())) {
            throw new DatasetException(
                    location + ": this copy's SHA-256 " + d.sha256().substring(0, 12) + "... differs from the driver's "
                            + expectedSha.substring(0, 12) + "...");
        }
        return d;
    }

    /** Puts a dataset the driver already decoded, so local mode does not decode it twice. */
    public static void put(String location, ImageDataset dataset) {
        CACHE.putIfAbsent(location, dataset);
    }

    /** How many times this JVM decoded a dataset (for tests and benchmarks). */
    public static int loads() {
        return LOADS.get();
    }
}
