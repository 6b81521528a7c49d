package io.sparksweep.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * DL4J's own oneDNN helpers for its layers (convolution, pooling, batch norm, LRN): on for every
 * network that trains through {@code fit}. DL4J 1.0.0-M2.1 has two switches, both off: the system
 * property {@value #PROPERTY} (read each time a layer is created, default true) and a class lookup
 * that fails in that release (see {@link org.nd4j.nativeblas.Nd4jCpu}). With both on, seed 001's CNN
 * with Adam took 3.5x less time per {@code fit} step, to the same numbers (see
 * {@code LayerHelpersTest}).
 *
 * <p>A JVM started with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} keeps them off.
 */
public final class LayerHelpers {

    /** DL4J's switch: helpers are created only when it is "false". */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private LayerHelpers() {}

    /** Lets DL4J create helpers for layers built from now on, unless the JVM was started with a choice of its own. */
    public static void switchOn() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }

    /** Whether any of the network's layers runs through a helper. */
    public static boolean usedBy(MultiLayerNetwork net) {
        return anyHelper(net.getLayers());
    }

    /** Whether any of the graph's layers runs through a helper. */
    public static boolean usedBy(ComputationGraph graph) {
        return anyHelper(graph.getLayers());
    }

    private static boolean anyHelper(Layer[] layers) {
        for (Layer l : layers) {
            if (l.getHelper() != null) {
                return true;
            }
        }
        return false;
    }
}
