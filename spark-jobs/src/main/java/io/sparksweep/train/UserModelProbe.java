package io.sparksweep.train;

import io.sparksweep.api.DataShape;
import io.sparksweep.api.SweepModel;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Config;
import io.sparksweep.util.RefusedException;

import java.util.List;
import java.util.Locale;

/**
 * Builds a user's network at every planned configuration and corner of the space before anything is
 * written (and in {@code --dry-run}): a class that throws, returns something that is not a network,
 * or gives an output the dataset cannot train is refused in one line naming the configuration, not
 * found trial by trial as FAILED rows.
 */
public final class UserModelProbe {

    /** Beyond this many configurations the first ones are checked: each build allocates a network. */
    static final int MAX_NETWORKS = 64;

    private UserModelProbe() {}

    /**
     * @param model    where each configuration's model comes from
     * @param shape    the sweep's data, or null when the model brings its own (then only the build is checked)
     * @param searched the keys that name a configuration in messages
     * @return a line for people: "networks: 12 built (1,234-56,789 parameters) in 0.4 s"
     * @throws RefusedException the first configuration whose network cannot be built
     */
    public static String requireBuildable(
            ModelSource model, List<Config> configs, DataShape shape, List<? extends ParameterKey> searched) {
        long t0 = System.nanoTime();
        long least = Long.MAX_VALUE, most = 0;
        List<Config> checked = configs.subList(0, Math.min(configs.size(), MAX_NETWORKS));
        for (Config config : checked) {
            Net net = null;
            try {
                SweepModel fresh = model.newInstance(); // as a trial gets it: a fresh instance, a fresh copy
                net = Net.of(fresh.build(UserModelTrainer.context(config, 0, "probe", 0, fresh, shape)));
                net.init();
                if (shape != null) {
                    UserModelTraining.requireOutputs(net, shape.features(), shape.classes());
                }
                least = Math.min(least, net.numParams());
                most = Math.max(most, net.numParams());
            } catch (ModelResolver.Refusal e) {
                throw new RefusedException("model.class: " + e.getMessage());
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

    private static String describe(Config config, List<? extends ParameterKey> searched) {
        String d = config.describe(searched);
        return d.isEmpty() ? "the configuration" : d;
    }
}
