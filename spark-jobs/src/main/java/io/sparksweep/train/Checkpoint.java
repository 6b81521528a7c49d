package io.sparksweep.train;

import io.sparksweep.store.AtomicFiles;
import io.sparksweep.trial.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A trial stopped between epochs, as a DL4J model zip ({@link ModelSerializer}: configuration,
 * parameters, DL4J's updater state when {@code fit} trains) plus one entry with what sparksweep needs
 * to continue exactly: the fast step's optimizer state and step count, the curves so far and the
 * divergence baseline. The shuffle and the random draws need no state: the shuffle is replayed from
 * the trial seed and every epoch reseeds ND4J's generator ({@code Seeds.epochSeed}).
 * Any executor reads it back; the zip stays loadable with {@code ModelSerializer.restoreMultiLayerNetwork}
 * (or {@code restoreComputationGraph} for a graph).
 */
public final class Checkpoint {

    static final String PROGRESS_ENTRY = "sparksweep/progress.bin";

    // one per JVM: a new Configuration parses Hadoop's XML defaults again, ~10 ms per checkpoint
    private static final Configuration HADOOP = new Configuration();

    /** Everything beside the network's parameters. */
    record Progress(
            int epochsDone,
            TrialOutcome soFar,
            double initialLoss,
            int iterationCount,
            int epochCount,
            Serializable stepState)
            implements Serializable {}

    /** A checkpoint that cannot be read: the trial becomes a FAILED row saying so. */
    public static final class UnreadableException extends RuntimeException {
        UnreadableException(String path, Exception cause) {
            super(
                    "checkpoint " + path + " is unreadable: "
                            + (cause.getMessage() == null
                                    ? cause.getClass().getSimpleName()
                                    : cause.getMessage().lines().findFirst().orElse("")),
                    cause);
        }
    }

    private Checkpoint() {}

    /**
     * A trial's final network, to keep: the plain DL4J zip (configuration and parameters), without
     * updater state or progress — nothing continues from it, and it is written for every trial.
     */
    static void saveFinal(String path, MultiLayerNetwork net) {
        saveFinal(path, Net.of(net));
    }

    /** As {@link #saveFinal(String, MultiLayerNetwork)}, for a network of either kind. */
    static void saveFinal(String path, Net net) {
        try {
            AtomicFiles.write(HADOOP, new Path(path), out -> ModelSerializer.writeModel(net.model(), out, false));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the network " + path + ": " + e.getMessage(), e);
        }
    }

    static void save(String path, MultiLayerNetwork net, Progress progress) {
        save(path, Net.of(net), progress);
    }

    /**
     * A checkpoint of a network of either kind. Its iteration and epoch counts go in {@code progress}:
     * DL4J's zip keeps them in the configuration, but {@link #load} assigns into a network built afresh.
     *
     * <p>It is published (a temporary file, then a rename) before this returns, and the task returns its
     * result only after that: a row or an {@code early_stopping.json} report that the driver commits
     * always refers to a checkpoint that is complete on disk, so a rerun after a driver kill, or a
     * promoted segment on another executor after this one is lost, can read it.
     */
    static void save(String path, Net net, Progress progress) {
        try {
            AtomicFiles.write(HADOOP, new Path(path), out -> write(out, net, progress));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code ModelSerializer}'s entries (configuration.json, coefficients.bin, and updaterState.bin when
     * {@code fit} keeps its optimizer state there), then the progress entry, in one pass and stored
     * without compression. Deflating float parameters saves about a tenth of the size and was ~90 % of
     * the write (a 784-512-10 network: ~100 ms against ~10 ms), on the critical path of every rung; the
     * zip before wrote the model through {@code ModelSerializer} and then copied it to add the entry.
     */
    private static void write(OutputStream out, Net net, Progress progress) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
        zip.setLevel(Deflater.NO_COMPRESSION);
        zip.putNextEntry(new ZipEntry("configuration.json"));
        zip.write(configurationJson(net.model()).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        writeArray(zip, "coefficients.bin", net.params());
        if (progress.stepState() == null) { // fit: DL4J's updater holds the optimizer's state
            INDArray updater = net.updaterState();
            if (updater != null && updater.length() > 0) {
                writeArray(zip, "updaterState.bin", updater);
            }
        }
        zip.putNextEntry(new ZipEntry(PROGRESS_ENTRY));
        zip.write(serialize(progress));
        zip.closeEntry();
        zip.finish(); // not close: the caller closes the file
        zip.flush();
    }

    private static String configurationJson(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return m.getLayerWiseConfigurations().toJson();
        }
        return ((ComputationGraph) model).getConfiguration().toJson();
    }

    /** An array as {@code Nd4j.write} writes it, as {@code ModelSerializer} does (and {@link #assign} reads). */
    private static void writeArray(ZipOutputStream zip, String name, INDArray array) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        Nd4j.write(array, data);
        data.flush(); // not close: the zip goes on
        zip.closeEntry();
    }

    /**
     * Puts a checkpoint's parameters (and DL4J updater state) into {@code net}, built from the same
     * configuration and seed, and returns the rest. The parameters are assigned in place, so a step
     * holding views of them sees the restored values.
     */
    static Progress load(String path, MultiLayerNetwork net) {
        return load(path, Net.of(net));
    }

    /**
     * As {@link #load(String, MultiLayerNetwork)}, for a network of either kind: a graph's parameters,
     * updater state and counts come back the same way.
     */
    static Progress load(String path, Net net) {
        File local = null;
        try {
            local = File.createTempFile("sparksweep-checkpoint", ".zip");
            Path source = new Path(path);
            FileSystem fs = source.getFileSystem(HADOOP);
            fs.copyToLocalFile(false, source, new Path(local.getAbsoluteFile().toURI()), true);
            try (ZipFile zip = new ZipFile(local)) {
                ZipEntry entry = zip.getEntry(PROGRESS_ENTRY);
                if (entry == null) {
                    throw new IOException("no " + PROGRESS_ENTRY + " in it: not a sparksweep checkpoint");
                }
                Progress progress;
                try (InputStream in = zip.getInputStream(entry)) {
                    progress = deserialize(in);
                }
                assign(zip, "coefficients.bin", net.params(), path);
                if (progress.stepState() == null && zip.getEntry("updaterState.bin") != null) {
                    assign(zip, "updaterState.bin", net.updaterState(), path);
                }
                net.setCounts(progress.iterationCount(), progress.epochCount());
                return progress;
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new UnreadableException(path, e);
        } finally {
            if (local != null) {
                local.delete();
            }
        }
    }

    private static byte[] serialize(Progress progress) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(progress);
        }
        return bytes.toByteArray();
    }

    /** With this class's loader: on an executor the default one may not see the application's classes. */
    private static Progress deserialize(InputStream in) throws IOException, ClassNotFoundException {
        try (ObjectInputStream objects = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, Checkpoint.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (Progress) objects.readObject();
        }
    }

    private static void assign(ZipFile zip, String entry, INDArray target, String path) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            throw new IOException("no " + entry + " in it");
        }
        // buffered: Nd4j.read takes the values one at a time
        try (InputStream in = zip.getInputStream(e);
                DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            INDArray saved = Nd4j.read(data);
            if (saved.length() != target.length()) {
                throw new IOException(
                        entry + " holds " + saved.length() + " values, the network has " + target.length());
            }
            target.assign(saved.reshape(target.shape()));
            saved.close();
        }
    }
}
