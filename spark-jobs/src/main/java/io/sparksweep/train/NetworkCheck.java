package io.sparksweep.train;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.Numbers;
import io.sparksweep.trial.Config;
import io.sparksweep.util.BadInputException;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the network of every configuration a sweep can train, on the dataset's shape, before
 * anything is written: a configuration DL4J cannot build (convolutions that shrink the image to
 * nothing, ...) is refused up front in one line naming it, instead of failing every trial of it.
 * Small networks are built and initialized as a trial would; larger ones only configured and checked
 * layer by layer, so the check stays fast and light.
 */
public final class NetworkCheck {

    /**
     * Numbers only the optimizer or the epoch loop reads, range-checked when the sweep file is read: they
     * change no layer, so configurations that differ only in them build alike and one of them is built
     * (a grid of learning rates x L2 over three widths builds three networks; each took ~40 ms here).
     */
    static final Set<ParameterKey> NOT_IN_THE_NETWORK = Set.of(
            Hyperparameter.LEARNING_RATE,
            Hyperparameter.L2,
            Hyperparameter.MOMENTUM,
            Hyperparameter.DECAY,
            Hyperparameter.EPOCHS,
            Hyperparameter.BATCH_SIZE);

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
        for (Config c : toBuild(configs)) {
            String problem = problem(c, shape);
            if (problem != null) {
                throw new BadInputException(
                        "the network of " + (searched.isEmpty() ? "the sweep" : Numbers.describe(c, searched))
                                + " cannot be built for " + shape.rows() + "x" + shape.cols() + " inputs: " + problem);
            }
        }
    }

    /**
     * The configurations whose networks are built, in order: sparksweep's own (a user's is checked by
     * building it, issue 21, S6), and of those that differ only in {@link #NOT_IN_THE_NETWORK} the first.
     */
    static List<Config> toBuild(Collection<Config> configs) {
        Set<Map<ParameterKey, Object>> networks = new HashSet<>();
        List<Config> build = new ArrayList<>();
        for (Config c : configs) {
            if (c.isUserModel()) {
                continue;
            }
            Map<ParameterKey, Object> network = new HashMap<>();
            for (ParameterKey k : c.keys()) {
                if (!NOT_IN_THE_NETWORK.contains(k)) {
                    network.put(k, c.get(k));
                }
            }
            if (networks.add(network)) {
                build.add(c);
            }
        }
        return build;
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
