package io.sparksweep.examples.sequence;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Finds the four MNIST files and reads them (the IDX format: a small header, then unsigned bytes).
 *
 * <p>A model class sees only its {@link io.sparksweep.api.TrialContext}, not sparksweep's command line, so
 * it cannot read {@code --data-dir}. It looks where a sweep with {@code dataset: mnist} looks, without that
 * option, and in this order:
 *
 * <ol>
 *   <li>the directory given to the model's constructor, if any;
 *   <li>the Java system property {@value #DATA_DIR_PROPERTY} (e.g. {@code
 *       SPARKSWEEP_JAVA_OPTS=-Dsparksweep.data.dir=DIR deploy/run-local.sh ...});
 *   <li>the environment variable {@value #DATA_DIR_ENV}, which sweeps read too;
 *   <li>sparksweep's download cache, {@code $SPARKSWEEP_CACHE} or {@code ~/.cache/sparksweep}, where any
 *       sweep with {@code dataset: mnist} leaves the files it downloaded.
 * </ol>
 *
 * <p>Each directory may hold the files itself or an {@code mnist/} folder holding them, raw or gzipped
 * ({@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
 * {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}). Nothing is downloaded here.
 *
 * <p>The files are read once per JVM and directory and kept: a Spark executor runs many trials.
 */
public final class MnistFiles {

    /** The system property naming a directory that holds the MNIST files. */
    public static final String DATA_DIR_PROPERTY = "sparksweep.data.dir";

    /** The environment variable naming a directory that holds the MNIST files (sweeps read it too). */
    public static final String DATA_DIR_ENV = "SPARKSWEEP_DATA_DIR";

    /** The environment variable naming sparksweep's download cache. */
    public static final String CACHE_ENV = "SPARKSWEEP_CACHE";

    /** Image height in pixels: the time steps of a sequence. */
    public static final int ROWS = 28;

    /** Image width in pixels: the values of one time step. */
    public static final int COLS = 28;

    /** The digits 0 to 9. */
    public static final int CLASSES = 10;

    private static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    private static final Map<Path, Mnist> LOADED = new ConcurrentHashMap<>();

    private MnistFiles() {}

    /**
     * MNIST's training and test images, each {@code count} images of {@link #ROWS} x {@link #COLS} bytes row
     * by row, and their labels.
     *
     * @param trainImages 60 000 x 784 pixel bytes (0-255, as unsigned)
     * @param trainLabels 60 000 labels, 0-9
     * @param testImages  10 000 x 784 pixel bytes
     * @param testLabels  10 000 labels
     */
    public record Mnist(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {

        /** How many training images there are. */
        public int trainCount() {
            return trainLabels.length;
        }

        /** How many test images there are. */
        public int testCount() {
            return testLabels.length;
        }
    }

    /**
     * MNIST from the first place that holds it (see the class comment), read once per JVM.
     *
     * @param given a directory to look in first; null to look only in the usual places
     * @throws IllegalStateException when no place holds the four files, naming the places looked in
     */
    public static Mnist load(Path given) {
        Path dir = locate(given);
        return LOADED.computeIfAbsent(dir, MnistFiles::read);
    }

    /**
     * The directory holding the four files, looked up in the order of the class comment.
     *
     * @param given a directory to look in first; null to look only in the usual places
     * @throws IllegalStateException when none holds them, naming the places looked in
     */
    public static Path locate(Path given) {
        List<String> looked = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
            looked.add("the model's directory " + given);
        }
        String property = System.getProperty(DATA_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
            looked.add("-D" + DATA_DIR_PROPERTY + "=" + property);
        }
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
            looked.add("$" + DATA_DIR_ENV + "=" + env);
        }
        String cacheEnv = System.getenv(CACHE_ENV);
        Path cache = cacheEnv != null && !cacheEnv.isBlank()
                ? Path.of(cacheEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "sparksweep");
        candidates.add(cache);
        looked.add("the cache " + cache);
        for (Path dir : candidates) {
            for (Path d : new Path[] {dir, dir.resolve("mnist")}) {
                if (holdsAll(d)) {
                    return d.toAbsolutePath().normalize();
                }
            }
        }
        throw new IllegalStateException("MNIST not found (looked in " + String.join(", ", looked) + "): set "
                + DATA_DIR_ENV + " to a directory holding the four IDX files, raw or .gz");
    }

    private static boolean holdsAll(Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f)) && !Files.isRegularFile(dir.resolve(f + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    private static Mnist read(Path dir) {
        byte[] trainImages = idx(dir, FILES[0], 3);
        byte[] trainLabels = idx(dir, FILES[1], 1);
        byte[] testImages = idx(dir, FILES[2], 3);
        byte[] testLabels = idx(dir, FILES[3], 1);
        check(trainImages, trainLabels, "train");
        check(testImages, testLabels, "t10k");
        return new Mnist(trainImages, trainLabels, testImages, testLabels);
    }

    private static void check(byte[] images, byte[] labels, String part) {
        if (images.length != labels.length * ROWS * COLS) {
            throw new IllegalStateException(part + ": " + images.length / (ROWS * COLS) + " images but " + labels.length
                    + " labels (or the images are not " + ROWS + "x" + COLS + ")");
        }
        for (byte label : labels) {
            if (label < 0 || label >= CLASSES) {
                throw new IllegalStateException(part + ": a label " + label + " is not a digit 0-9");
            }
        }
    }

    /**
     * The data bytes of one IDX file of unsigned bytes: header {@code 0x00 0x00 0x08 <dimensions>}, one
     * big-endian int per dimension, then the bytes row-major.
     */
    private static byte[] idx(Path dir, String name, int dimensions) {
        Path file = Files.isRegularFile(dir.resolve(name)) ? dir.resolve(name) : dir.resolve(name + ".gz");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic != (0x0800 | dimensions)) {
                throw new IllegalStateException(file + ": not an IDX file of unsigned bytes in " + dimensions
                        + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
            }
            long size = 1;
            for (int i = 0; i < dimensions; i++) {
                size *= in.readInt();
            }
            byte[] data = new byte[Math.toIntExact(size)];
            in.readFully(data);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
