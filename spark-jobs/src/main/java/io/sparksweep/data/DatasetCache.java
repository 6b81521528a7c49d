package io.sparksweep.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One decoded copy of each dataset per JVM: every trial an executor runs shares it, so the files
 * are read and decoded once per executor, not once per trial.
 */
public final class DatasetCache {

    /** A decoded dataset and the listing of its folder when it was read. */
    private record Entry(String stamp, ImageDataset dataset) {}

    private static final ConcurrentMap<String, Entry> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private DatasetCache() {}

    /**
     * @param expectedSha the hash the driver saw; a different copy on an executor is an error, not a silent mix
     */
    public static ImageDataset get(String location, String knownName, String expectedSha) {
        String stamp = stamp(location);
        ImageDataset d = CACHE.compute(location, (loc, cached) -> {
                    if (cached != null && cached.stamp().equals(stamp)) {
                        return cached;
                    }
                    LOADS.incrementAndGet();
                    return new Entry(stamp, DatasetLoader.load(loc, knownName));
                })
                .dataset();
        if (expectedSha != null && !expectedSha.equals(d.sha256())) {
            throw new DatasetException(
                    location + ": this copy's SHA-256 " + d.sha256().substring(0, 12) + "... differs from the driver's "
                            + expectedSha.substring(0, 12) + "...");
        }
        return d;
    }

    // one per JVM: a new Configuration parses Hadoop's XML defaults again, ~10 ms on every task
    private static final Configuration HADOOP = new Configuration();

    /** Puts a dataset the driver already decoded, so local mode does not decode it twice. */
    public static void put(String location, ImageDataset dataset) {
        CACHE.putIfAbsent(location, new Entry(stamp(location), dataset));
    }

    /** The folder's files with their sizes and times: a dataset rewritten in place is decoded again. */
    private static String stamp(String location) {
        try {
            Path dir = new Path(URI.create(location));
            FileSystem fs = dir.getFileSystem(HADOOP);
            return Arrays.stream(fs.listStatus(dir))
                    .map(f -> f.getPath().getName() + ":" + f.getLen() + ":" + f.getModificationTime())
                    .sorted()
                    .collect(Collectors.joining("|"));
        } catch (IOException | IllegalArgumentException e) {
            return ""; // unlistable: the loader reports it
        }
    }

    /** How many times this JVM decoded a dataset (for tests and benchmarks). */
    public static int loads() {
        return LOADS.get();
    }
}
