package io.sparksweep.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A stored DL4J model zip as a {@link Net}, whichever kind it is: a sweep's own networks are
 * MultiLayerNetworks, a user's may be a ComputationGraph. The zip's own configuration says which (a
 * graph's has {@code vertices}), so a zip without a sidecar loads too; restoring a graph as a
 * MultiLayerNetwork does not fail cleanly, hence the look before loading.
 */
public final class StoredNet {

    /** The entry of a DL4J model zip holding its configuration. */
    static final String CONFIGURATION = "configuration.json";

    private StoredNet() {}

    /**
     * The network in float32, as the sweep evaluated it.
     *
     * @throws IllegalArgumentException not a DL4J model zip, or a graph without exactly one input and one
     *                                  output (one line saying why)
     */
    public static Net restore(byte[] zip) {
        return restore(zip, false);
    }

    /**
     * As {@link #restore(byte[])}, but a graph may have any number of inputs and outputs: a user's
     * network trained on its own MultiDataSetIterators ({@link OwnDataEvaluation} checks it against
     * its data's kind).
     *
     * @throws IllegalArgumentException not a DL4J model zip (one line saying why)
     */
    public static Net restoreAnyShape(byte[] zip) {
        return restore(zip, true);
    }

    private static Net restore(byte[] zip, boolean anyShape) {
        boolean graph = isGraph(zip);
        try {
            Object net;
            if (graph) {
                ComputationGraph g = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), false);
                net = g.params().dataType() == DataType.FLOAT ? g : g.convertDataType(DataType.FLOAT);
            } else {
                MultiLayerNetwork m = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
                net = m.params().dataType() == DataType.FLOAT ? m : m.convertDataType(DataType.FLOAT);
            }
            return anyShape ? Net.anyShape(net) : Net.of(net);
        } catch (IllegalArgumentException e) {
            throw e; // GraphNet's one line: the graph's inputs and outputs
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException(
                    "not a DL4J " + (graph ? "ComputationGraph" : "MultiLayerNetwork") + " zip ("
                            + NetworkProbe.firstLine(e) + ")",
                    e);
        }
    }

    /** Whether the zip's configuration is a ComputationGraph's; false when it cannot tell (the MLN restore then says why). */
    static boolean isGraph(byte[] zip) {
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                if (e.getName().equals(CONFIGURATION)) {
                    return new ObjectMapper().readTree(z.readAllBytes()).has("vertices");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a zip, or no JSON: restoring it as a MultiLayerNetwork gives the message
        }
        return false;
    }
}
