package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Config;
import io.sparksweep.util.RefusedException;

import java.util.List;
import java.util.Locale;

/**
 * Builds a user's network at every planned configuration and corner of the space before anything is
 * written (and in {@code --dry-run}): a class that throws, returns something that is not a network,
 * or gives an output the dataset cannot train (or, for a model with its own data, a network that does
 * not fit its iterators' kind) is refused in one line naming the configuration, not found trial by
 * trial as FAILED rows.
 */
public final class UserModelProbe {

    /** Beyond this many configurations the first ones are checked: each build allocates a network. */
    static final int MAX_NETWORKS = 64;

    private UserModelProbe() {}

    /**
     * @param model    where each configuration's model comes from
     * @param shape    the sweep's data, or null when the model brings its own (then the build is checked,
     *                 and the network against its data's kind)
     * @param searched the keys that name a configuration in messages
     * @return a line for people: "networks: 12 built (1,234-56,789 parameters) in 0.4 s"
     * @throws RefusedException the first configuration whose network cannot be built
     */
    public static String requireBuildable(
            ModelSource model, List<Config> configs, DataShape shape, List<? extends ParameterKey> searched) {
        long t0 = System.nanoTime();
        long least = Long.MAX_VALUE, most = 0;
        List<Config> checked = configs.subList(0, Math.min(configs.size(), MAX_NETWORKS));
        DataKind kind = new DataKind();
        for (Config config : checked) {
            Net net = null;
            try {
                SweepModel fresh = model.newInstance(); // as a trial gets it: a fresh instance, a fresh copy
                TrialContext trial = UserModelTrainer.context(config, 0, "probe", 0, fresh, shape);
                Object built = fresh.build(trial);
                // a graph fed by its own MultiDataSetIterators may have several inputs and outputs
                net = shape == null ? Net.anyShape(built) : Net.of(built);
                net.init();
                if (shape != null) {
                    UserModelTraining.requireOutputs(net, shape.features(), shape.classes());
                } else {
                    requireFitsItsData(net, kind, fresh, trial, config, searched);
                }
                least = Math.min(least, net.numParams());
                most = Math.max(most, net.numParams());
            } catch (ModelResolver.Refusal e) {
                throw new RefusedException("model.class: " + e.getMessage());
            } catch (RefusedException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new RefusedException("the network of " + describe(config, searched) + " cannot be built: "
                        + what.lines().findFirst().orElse(""));
            } finally {
                if (net != null) {
                    net.release();
                }
            }
        }
        return String.format(
                Locale.ROOT,
                "networks: %s built (%,d-%,d parameters) in %.1f s%s",
                checked.size() == 1 ? "the configuration's" : checked.size() + "",
                least,
                most,
                (System.nanoTime() - t0) / 1e9,
                checked.size() < configs.size() ? " (the first " + checked.size() + " of " + configs.size() + ")" : "");
    }

    /** Whether the model's data is MultiDataSetIterators: asked of its {@code data} once per probe. */
    private static final class DataKind {
        boolean asked;
        Boolean multi; // null when data() failed here: the trials check it then
    }

    /**
     * Refuses a MultiLayerNetwork fed by MultiDataSetIterators, or a graph of several inputs or outputs
     * fed by DataSetIterators. Either kind of data fits a graph of one input and one output, so only
     * then is the model's {@code data} called, once (for the first configuration that needs it): it may
     * load a whole dataset. When it fails on the driver (its files may be only where executors run),
     * nothing is refused here; each trial checks its own data and fails with the same line.
     */
    private static void requireFitsItsData(
            Net net,
            DataKind kind,
            SweepModel model,
            TrialContext trial,
            Config config,
            List<? extends ParameterKey> searched) {
        if (!(model instanceof SuppliesData own)) {
            return; // UserModelTraining refuses a model without data in a sweep without a dataset
        }
        if (net instanceof GraphNet g && GraphNet.oneInputOneOutput(g.graph())) {
            return;
        }
        if (!kind.asked) {
            kind.asked = true;
            try {
                TrialData data = own.data(trial);
                kind.multi = data == null ? null : data.isMulti();
            } catch (RuntimeException e) {
                kind.multi = null;
            }
        }
        if (kind.multi == null) {
            return;
        }
        try {
            OwnData.requireFits(kind.multi, net);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(
                    "the network of " + describe(config, searched) + " does not fit its data: " + e.getMessage());
        }
    }

    private static String describe(Config config, List<? extends ParameterKey> searched) {
        String d = config.describe(searched);
        return d.isEmpty() ? "the configuration" : d;
    }
}
