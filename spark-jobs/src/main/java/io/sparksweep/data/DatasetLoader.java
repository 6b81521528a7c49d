package io.sparksweep.data;

import io.sparksweep.util.Sha256;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the four IDX files from a directory on any Hadoop file system (file://, hdfs://, s3a://),
 * checks their shapes, and, for datasets known by name, their checksums.
 */
public final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * @param location  directory URI holding the four files, each raw or .gz
     * @param knownName "mnist" or "fashion-mnist" to verify checksums, or null
     */
    public static ImageDataset load(String location, String knownName) {
        return load(location, knownName, DatasetFiles.KNOWN);
    }

    /** As {@link #load(String, String)}, with the checksums of the known datasets given (tests pass their own). */
    static ImageDataset load(String location, String knownName, Map<String, Map<String, String>> known) {
        Map<String, String> expected = knownName == null ? null : known.get(knownName);
        List<String> fileShas = new ArrayList<>();
        IdxReader.IdxArray[] arrays = new IdxReader.IdxArray[4];
        try {
            Path dir = new Path(URI.create(location));
            FileSystem fs = dir.getFileSystem(new Configuration());
            for (int i = 0; i < 4; i++) {
                String stem = DatasetFiles.ALL.get(i);
                Path file = find(fs, dir, stem, location);
                MessageDigest md = Sha256.digest();
                try (InputStream in = fs.open(file)) {
                    arrays[i] = IdxReader.read(in, file.toString(), md);
                }
                String sha = Sha256.hex(md);
                if (expected != null && !expected.get(stem).equals(sha)) {
                    throw new DatasetException(notKnown(location, knownName, stem, sha, known));
                }
                fileShas.add(sha);
            }
        } catch (IOException e) {
            throw new DatasetException(location + ": cannot read: " + e.getMessage(), e);
        }
        return assemble(location, arrays, DatasetFiles.datasetSha256(fileShas));
    }

    /**
     * Why a file of a folder given as {@code knownName} does not have its checksum: it is the same file of
     * another known dataset (the folder holds that one), or a different or damaged copy. Good data is
     * never called corrupt, and the message never suggests deleting it.
     */
    private static String notKnown(
            String location, String knownName, String stem, String sha, Map<String, Map<String, String>> known) {
        String folder = plain(location);
        for (Map.Entry<String, Map<String, String>> other : new TreeMap<>(known).entrySet()) {
            if (!other.getKey().equals(knownName) && sha.equals(other.getValue().get(stem))) {
                String name = other.getKey();
                return folder + ": holds " + name + ", not " + knownName + " (" + stem + " matches " + name
                        + "'s checksum); use dataset: " + name + ", or point --data-dir at a " + knownName
                        + " folder";
            }
        }
        return folder + ": not " + knownName + "'s " + stem + " (SHA-256 " + sha.substring(0, 12) + "..., expected "
                + known.get(knownName).get(stem).substring(0, 12)
                + "...): a different or damaged copy; use dataset: idx:" + folder
                + " for your own images, or point --data-dir at an unmodified " + knownName + " folder";
    }

    /** A file: URI as a plain path (what a user types after idx: or --data-dir); other URIs as given. */
    private static String plain(String location) {
        if (location.startsWith("file:")) {
            try {
                return Paths.get(URI.create(location)).toString();
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                return location;
            }
        }
        return location;
    }

    private static Path find(FileSystem fs, Path dir, String stem, String location) throws IOException {
        if (!fs.exists(dir)) {
            throw new DatasetException(location + ": no such directory");
        }
        for (String name : new String[] {stem, stem + ".gz"}) {
            Path p = new Path(dir, name);
            if (fs.exists(p)) {
                return p;
            }
        }
        throw new DatasetException(location + ": missing " + stem + " (or " + stem + ".gz)");
    }

    private static ImageDataset assemble(String location, IdxReader.IdxArray[] a, String sha) {
        IdxReader.IdxArray trainX = a[0], trainY = a[1], testX = a[2], testY = a[3];
        requireDims(trainX, 3, location, DatasetFiles.TRAIN_IMAGES);
        requireDims(testX, 3, location, DatasetFiles.TEST_IMAGES);
        requireDims(trainY, 1, location, DatasetFiles.TRAIN_LABELS);
        requireDims(testY, 1, location, DatasetFiles.TEST_LABELS);
        if (trainX.dims()[0] != trainY.dims()[0]) {
            throw new DatasetException(
                    location + ": " + trainX.dims()[0] + " training images but " + trainY.dims()[0] + " labels");
        }
        if (testX.dims()[0] != testY.dims()[0]) {
            throw new DatasetException(
                    location + ": " + testX.dims()[0] + " test images but " + testY.dims()[0] + " labels");
        }
        if (trainX.dims()[1] != testX.dims()[1] || trainX.dims()[2] != testX.dims()[2]) {
            throw new DatasetException(location + ": training and test images differ in size");
        }
        int maxLabel = 0;
        for (byte[] labels : new byte[][] {trainY.data(), testY.data()}) {
            for (byte b : labels) {
                maxLabel = Math.max(maxLabel, b & 0xFF);
            }
        }
        if (maxLabel < 1) {
            throw new DatasetException(location + ": every label is 0; need at least two classes");
        }
        return new ImageDataset(
                location,
                trainX.dims()[1],
                trainX.dims()[2],
                maxLabel + 1,
                trainX.data(),
                trainY.data(),
                testX.data(),
                testY.data(),
                sha);
    }

    private static void requireDims(IdxReader.IdxArray a, int n, String location, String stem) {
        if (a.dims().length != n) {
            throw new DatasetException(
                    location + ": " + stem + " has " + a.dims().length + " dimensions; expected " + n);
        }
    }
}
