package io.sparksweep.train;

import io.sparksweep.store.AtomicFiles;
import io.sparksweep.trial.TrialOutcome;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Enumeration;
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
        File local = null;
        try {
            local = File.createTempFile("sparksweep-model", ".zip");
            ModelSerializer.writeModel(net.model(), local, false);
            AtomicFiles.upload(new Configuration(), local, new Path(path));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the network " + path + ": " + e.getMessage(), e);
        } finally {
            if (local != null) {
                local.delete();
            }
        }
    }

    static void save(String path, MultiLayerNetwork net, Progress progress) {
        save(path, Net.of(net), progress);
    }

    /**
     * A checkpoint of a network of either kind. Its iteration and epoch counts go in {@code progress}:
     * DL4J's zip keeps them in the configuration, but {@link #load} assigns into a network built afresh.
     */
    static void save(String path, Net net, Progress progress) {
        File model = null;
        File local = null;
        try {
            model = File.createTempFile("sparksweep-model", ".zip");
            local = File.createTempFile("sparksweep-checkpoint", ".zip");
            // fit keeps its optimizer state in DL4J's updater; the fast steps in their own, in Progress
            ModelSerializer.writeModel(net.model(), model, progress.stepState() == null);
            withEntry(model, local, PROGRESS_ENTRY, serialize(progress));
            AtomicFiles.upload(new Configuration(), local, new Path(path));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + path + ": " + e.getMessage(), e);
        } finally {
            for (File f : new File[] {model, local}) {
                if (f != null) {
                    f.delete();
                }
            }
        }
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
            FileSystem fs = source.getFileSystem(new Configuration());
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

    /** A copy of a zip with one more entry. */
    private static void withEntry(File zip, File copy, String name, byte[] bytes) throws IOException {
        try (ZipFile in = new ZipFile(zip);
                ZipOutputStream out = new ZipOutputStream(new FileOutputStream(copy))) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(bytes);
            out.closeEntry();
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
        try (InputStream in = zip.getInputStream(e);
                DataInputStream data = new DataInputStream(in)) {
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
