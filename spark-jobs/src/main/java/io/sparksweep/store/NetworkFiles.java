package io.sparksweep.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The networks in a sweep's folder: {@code checkpoints/} (a trial between segments, and final networks
 * until the sweep picks what to keep) and {@code models/} (the kept ones, each with a JSON sidecar).
 */
public final class NetworkFiles {

    private final Path root;
    private final Configuration conf;

    NetworkFiles(Path root, Configuration conf) {
        this.root = root;
        this.conf = conf;
    }

    /** Networks between segments, and final ones until the sweep picks what to keep. */
    public Path checkpointsDir() {
        return new Path(root, "checkpoints");
    }

    public Path modelsDir() {
        return new Path(root, "models");
    }

    /** The checkpoint of a trial after an epoch, fully qualified so that any executor finds it. */
    public String checkpoint(String trialId, int epoch) {
        Path p = new Path(checkpointsDir(), trialId + "-e" + epoch + ".zip");
        try {
            return p.getFileSystem(conf).makeQualified(p).toString();
        } catch (IOException e) {
            throw new OutputException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file or folder if it exists; quietly, it is only space. */
    public void deleteQuietly(String path) {
        try {
            Path p = new Path(path);
            p.getFileSystem(conf).delete(p, true);
        } catch (IOException ignored) {
            // a leftover checkpoint costs disk space, never a wrong result
        }
    }

    /**
     * One entry of a zip in the sweep's folder (any Hadoop file system), e.g. a network's
     * {@code configuration.json}; null when the zip or the entry is absent or unreadable: the caller
     * only describes the network with it.
     */
    public byte[] zipEntry(String zip, String entry) {
        try {
            Path p = new Path(zip);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                return null;
            }
            try (InputStream in = fs.open(p);
                    ZipInputStream z = new ZipInputStream(in)) {
                for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                    if (e.getName().equals(entry)) {
                        return z.readAllBytes();
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The suffix of a retrained network's files under models/ ({@code <config_id>-retrained.zip} and {@code .json}). */
    public static final String RETRAINED = "-retrained";

    /**
     * The JSON sidecars of models/ that {@code sparksweep retrain} wrote, by file name in name order;
     * empty when there are none. A sidecar that cannot be read is left out: the report only shows them.
     */
    public SortedMap<String, byte[]> retrainedSidecars() {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try {
            FileSystem fs = modelsDir().getFileSystem(conf);
            if (!fs.exists(modelsDir())) {
                return out;
            }
            for (FileStatus f : fs.listStatus(modelsDir())) {
                String name = f.getPath().getName();
                if (f.isFile() && name.endsWith(RETRAINED + ".json")) {
                    try (InputStream in = fs.open(f.getPath())) {
                        out.put(name, in.readAllBytes());
                    } catch (IOException e) {
                        // left out: a sidecar being replaced, or unreadable; the model itself is untouched
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Moves a final network into models/ with its JSON sidecar; false if it is not there. */
    public boolean keepModel(String checkpoint, String name, byte[] sidecar) {
        try {
            Path from = new Path(checkpoint);
            FileSystem fs = from.getFileSystem(conf);
            if (!fs.exists(from)) {
                return false;
            }
            fs.mkdirs(modelsDir());
            Path to = new Path(modelsDir(), name + ".zip");
            fs.delete(to, false);
            if (!fs.rename(from, to)) {
                throw new IOException("could not move " + from + " to " + to);
            }
            AtomicFiles.write(conf, new Path(modelsDir(), name + ".json"), sidecar);
            return true;
        } catch (IOException e) {
            throw new OutputException(
                    "cannot store the model " + name + " in " + modelsDir() + ": " + e.getMessage(), e);
        }
    }

    public boolean hasModel(String trialId) {
        try {
            Path p = new Path(modelsDir(), trialId + ".zip");
            return p.getFileSystem(conf).exists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes models/ files of configurations no longer among the best (a resumed sweep's ranking can
     * change). A retrained network ({@code <config_id>-retrained.*}) stays: the user asked for it, and a
     * grown sweep keeps the trials it was retrained from.
     */
    public void removeModelsExcept(List<String> configIds) {
        try {
            FileSystem fs = modelsDir().getFileSystem(conf);
            if (!fs.exists(modelsDir())) {
                return;
            }
            for (FileStatus f : fs.listStatus(modelsDir())) {
                String name = f.getPath().getName();
                boolean retrained = name.endsWith(RETRAINED + ".zip") || name.endsWith(RETRAINED + ".json");
                if (!retrained && configIds.stream().noneMatch(id -> name.startsWith(id + "-r"))) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new OutputException("cannot clean " + modelsDir() + ": " + e.getMessage(), e);
        }
    }
}
