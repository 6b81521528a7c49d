package io.sparksweep.data;

import io.sparksweep.util.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files of an {@link EncodedTable}: one binary file per Spark partition, each row its part (0
 * training, 1 validation, 2 test), its class index or target, and its encoded floats; and a
 * {@code manifest.json}, written last, with every file's rows and SHA-256. Executors read them once
 * per JVM ({@link #load}) into the same arrays a broadcast table has, checking every file's hash.
 */
public final class EncodedTableFiles {

    /** The manifest's name; a folder without it is an unfinished write. */
    public static final String MANIFEST = "manifest.json";

    private static final int MAGIC = 0x53535754; // "SSWT"
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    // one per JVM: a new Configuration parses Hadoop's XML defaults again on every task
    private static final Configuration HADOOP = new Configuration();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final Object LOCK = new Object();
    // the one table this JVM holds: a sweep trains on one, and a second would double the memory
    private static volatile TableDataset cached;
    private static volatile String cachedKey;

    private EncodedTableFiles() {}

    /** What one partition's file holds. */
    public record Written(String name, long rows, long train, long validation, long test, String sha256)
            implements Serializable {}

    /** Writes one partition's rows; {@link #close} says what was written. */
    public static final class Writer implements AutoCloseable {
        private final String name;
        private final boolean regression;
        private final MessageDigest digest = Sha256.digest();
        private final DataOutputStream out;
        private final long[] parts = new long[3];

        /** A writer of {@code dir/name}, rows {@code width} floats wide. */
        public Writer(String dir, String name, int width, boolean regression) {
            this.name = name;
            this.regression = regression;
            try {
                Path p = new Path(new Path(URI.create(dir)), name);
                FSDataOutputStream raw = p.getFileSystem(HADOOP).create(p, true);
                out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(raw, digest), 1 << 16));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(width);
                out.writeBoolean(regression);
            } catch (IOException e) {
                throw new UncheckedIOException(dir + "/" + name + ": cannot write: " + e.getMessage(), e);
            }
        }

        /** One row: its part, class index (or target) and encoded features. */
        public void write(int part, int classIndex, double target, float[] x) {
            try {
                out.writeByte(part);
                if (regression) {
                    out.writeDouble(target);
                } else {
                    out.writeInt(classIndex);
                }
                for (float f : x) {
                    out.writeFloat(f);
                }
                parts[part]++;
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot write: " + e.getMessage(), e);
            }
        }

        public Written finish() {
            close();
            return new Written(name, parts[0] + parts[1] + parts[2], parts[0], parts[1], parts[2], Sha256.hex(digest));
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot write: " + e.getMessage(), e);
            }
        }
    }

    /** Writes the manifest, last: the folder then holds a complete encoded table. */
    public static void writeManifest(String dir, EncodedTable table, List<Written> files) {
        ObjectNode m = JSON.createObjectNode();
        m.put("sha256", table.sha256());
        m.put("width", table.features());
        m.put("regression", table.regression());
        ArrayNode list = m.putArray("files");
        for (Written w : files) {
            list.add(JSON.valueToTree(w));
        }
        try {
            Path p = new Path(new Path(URI.create(dir)), MANIFEST);
            FileSystem fs = p.getFileSystem(HADOOP);
            Path tmp = new Path(p.getParent(), "." + MANIFEST + ".tmp");
            try (FSDataOutputStream o = fs.create(tmp, true)) {
                o.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
            }
            fs.delete(p, false);
            if (!fs.rename(tmp, p)) {
                throw new IOException("cannot rename " + tmp + " to " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the manifest: " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds a complete encoded table of this hash (a resumed sweep reuses it). */
    public static boolean complete(String dir, String sha256) {
        JsonNode m = manifest(dir);
        return m != null && m.path("sha256").asText().equals(sha256);
    }

    private static JsonNode manifest(String dir) {
        try {
            Path p = new Path(new Path(URI.create(dir)), MANIFEST);
            FileSystem fs = p.getFileSystem(HADOOP);
            if (!fs.exists(p)) {
                return null;
            }
            try (var in = fs.open(p)) {
                return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The table's parts as trainers read them, read from its files once per JVM (every trial an
     * executor runs shares them). Each file's SHA-256 is checked against the manifest.
     *
     * @throws DatasetException unreadable files, a file that differs from the manifest, or a manifest of other data
     */
    public static TableDataset load(EncodedTable table) {
        String key = table.location() + "#" + table.sha256();
        TableDataset t = cached;
        if (t != null && key.equals(cachedKey)) {
            return t;
        }
        synchronized (LOCK) {
            if (cached != null && key.equals(cachedKey)) {
                return cached;
            }
            cached = null; // let the old one go before reading the new one
            TableDataset read = read(table);
            LOADS.incrementAndGet();
            cachedKey = key;
            cached = read;
            return read;
        }
    }

    /** How many times this JVM read an encoded table (for tests). */
    public static int loads() {
        return LOADS.get();
    }

    private static TableDataset read(EncodedTable table) {
        String dir = table.location();
        JsonNode m = manifest(dir);
        if (m == null) {
            throw new DatasetException(dir + ": no " + MANIFEST + " (the encoded table was not written completely)");
        }
        if (!m.path("sha256").asText().equals(table.sha256())) {
            throw new DatasetException(
                    dir + ": holds encoded data " + m.path("sha256").asText() + ", not the driver's " + table.sha256());
        }
        int width = table.features();
        long total = 0;
        for (JsonNode f : m.path("files")) {
            total += f.path("rows").asLong();
        }
        if (total * width > Integer.MAX_VALUE - 8) {
            throw new DatasetException(dir + ": " + total + " rows x " + width
                    + " encoded columns is more than one Java array holds (2^31 values); use a smaller sample:");
        }
        int n = (int) total;
        float[] x = new float[n * width];
        int[] classes = table.regression() ? null : new int[n];
        double[] targets = table.regression() ? new double[n] : null;
        byte[] partOf = new byte[n];
        int row = 0;
        for (JsonNode f : m.path("files")) {
            String name = f.path("name").asText();
            long rows = f.path("rows").asLong();
            MessageDigest digest = Sha256.digest();
            Path p = new Path(new Path(URI.create(dir)), name);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    new DigestInputStream(p.getFileSystem(HADOOP).open(p), digest), 1 << 16))) {
                if (in.readInt() != MAGIC || in.readInt() != VERSION || in.readInt() != width) {
                    throw new DatasetException(dir + "/" + name + ": not an encoded table of " + width + " features");
                }
                in.readBoolean();
                for (long r = 0; r < rows; r++, row++) {
                    partOf[row] = in.readByte();
                    if (targets != null) {
                        targets[row] = in.readDouble();
                    } else {
                        classes[row] = in.readInt();
                    }
                    int at = row * width;
                    for (int j = 0; j < width; j++) {
                        x[at + j] = in.readFloat();
                    }
                }
                if (in.read() != -1) {
                    throw new DatasetException(dir + "/" + name + ": longer than its " + rows + " rows");
                }
            } catch (EOFException e) {
                throw new DatasetException(dir + "/" + name + ": shorter than its " + rows + " rows", e);
            } catch (IOException e) {
                throw new DatasetException(dir + "/" + name + ": cannot read: " + e.getMessage(), e);
            }
            String sha = Sha256.hex(digest);
            if (!sha.equals(f.path("sha256").asText())) {
                throw new DatasetException(
                        dir + "/" + name + ": SHA-256 " + sha.substring(0, 12) + "... differs from the manifest's");
            }
        }
        int[][] rows = new int[3][];
        int[] fill = new int[3];
        int[] counts = new int[3];
        for (byte b : partOf) {
            counts[b]++;
        }
        for (int k = 0; k < 3; k++) {
            rows[k] = new int[counts[k]];
        }
        for (int r = 0; r < n; r++) {
            rows[partOf[r]][fill[partOf[r]]++] = r;
        }
        Examples train = new Examples(x, classes, targets, rows[0]);
        Examples validation = table.hasValidation() ? new Examples(x, classes, targets, rows[1]) : null;
        Examples test = new Examples(x, classes, targets, rows[2]);
        return new TableDataset(
                table.source(),
                table.featureNames(),
                table.classNames(),
                train,
                validation,
                test,
                table.targetMean(),
                table.targetStd(),
                table.sha256(),
                table.preprocessing(),
                table.summary());
    }

    /** The files a manifest lists, in order (for tests). */
    public static List<String> files(String dir) {
        JsonNode m = manifest(dir);
        List<String> names = new ArrayList<>();
        if (m != null) {
            m.path("files").forEach(f -> names.add(f.path("name").asText()));
        }
        return names;
    }
}
