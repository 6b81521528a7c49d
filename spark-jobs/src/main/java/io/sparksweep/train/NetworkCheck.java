package io.sparksweep.train;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.Numbers;
import io.sparksweep.trial.Config;
import io.sparksweep.util.BadInputException;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Collection;
import java.util.List;

/**
 * Builds the network of every configuration a sweep can train, on the dataset's shape, before
 * anything is written: a configuration DL4J cannot build (convolutions that shrink the image to
 * nothing, ...) is refused up front in one line naming it, instead of failing every trial of it.
 * Small networks are built and initialized as a trial would; larger ones only configured and checked
 * layer by layer, so the check stays fast and light.
 */
public final class NetworkCheck {

    /** Networks up to this many parameters are initialized; larger ones only configured. */
    static final long INIT_UP_TO = 5_000_000;

    /**
     * What the networks are built for.
     *
     * @param classes classes of a classification (ignored for a regression)
     */
    public record Shape(int rows, int cols, int classes, boolean regression) {}

    private NetworkCheck() {}

    /**
     * Checks sparksweep's own networks; a user network's configurations are skipped.
     *
     * @param searched what names a configuration in the refusal
     * @throws BadInputException the first configuration whose network cannot be built
     */
    public static void requireBuildable(Collection<Config> configs, Shape shape, List<ParameterKey> searched) {
        for (Config c : configs) {
            if (c.isUserModel()) {
                continue; // sparksweep's own networks only: a user's is checked by building it (issue 21, S6)
            }
            String problem = problem(c, shape);
            if (problem != null) {
                throw new BadInputException(
                        "the network of " + (searched.isEmpty() ? "the sweep" : Numbers.describe(c, searched))
                                + " cannot be built for " + shape.rows() + "x" + shape.cols() + " inputs: " + problem);
            }
        }
    }

    /** Why the configuration's network cannot be built, or null. */
    static String problem(Config c, Shape shape) {
        try {
            MultiLayerConfiguration conf =
                    NetworkFactory.configuration(c, 1, shape.rows(), shape.cols(), shape.classes(), shape.regression());
            long params = 0;
            for (int i = 0; i < conf.getConfs().size(); i++) {
                NeuralNetConfiguration layerConf = conf.getConf(i);
                Layer layer = layerConf.getLayer();
                if (layer instanceof FeedForwardLayer f && (f.getNIn() <= 0 || f.getNOut() <= 0)) {
                    return "layer " + i + " (" + layer.getClass().getSimpleName() + ") would get " + f.getNIn()
                            + " inputs and " + f.getNOut() + " outputs"
                            + (c.model() == io.sparksweep.space.ModelType.CNN
                                    ? " (conv_layers shrink the image to nothing: fewer poolings or convolutions)"
                                    : "");
                }
                params += layer.initializer().numParams(layerConf);
            }
            if (params <= INIT_UP_TO) {
                MultiLayerNetwork net = new MultiLayerNetwork(conf);
                try {
                    net.init();
                } finally {
                    net.close();
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + NetworkProbe.firstLine(e);
        }
    }
}
