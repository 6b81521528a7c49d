package io.sparksweep.train;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.Param;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;
import io.sparksweep.space.Hyperparameter;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kept network of a model that brings its own data ({@link SuppliesData}), scored again on that
 * model's test (and validation) iterators: the class is instantiated through the thread's context
 * class loader (which holds {@code --jars}, as for a sweep), handed the kept trial's hyperparameters,
 * seed, id, repeat, epochs and batch size as its sidecar records them, and the iterators its
 * {@code data} returns (DataSetIterators or MultiDataSetIterators) are measured by
 * {@link IteratorMetrics}, as the sweep measured them after the trial's last epoch. For a model whose iterators depend only on the trial, the figures are the
 * stored ones.
 */
public final class OwnDataEvaluation {

    private OwnDataEvaluation() {}

    /**
     * The kept trial's figures on its model's own iterators, by metric name as the trials' columns
     * name them: {@code test_accuracy} and {@code test_loss}, {@code validation_accuracy} and
     * {@code validation_loss} when the model has a validation iterator; a regression's
     * {@code test_loss} (MSE), {@code test_rmse}, {@code test_mae}, {@code test_r2} and their
     * validation counterparts.
     *
     * @param net           the kept network, as {@link StoredNet#restoreAnyShape} gives it: its data's kind decides what it must be
     * @param className     the sidecar's {@code model_class}
     * @param configuration the sidecar's {@code configuration}: {@code epochs}, {@code batch_size} and the declared values
     * @throws io.sparksweep.space.ModelResolver.Refusal the class cannot be loaded or constructed
     * @throws IllegalArgumentException the class supplies no data, the configuration no longer fits its
     *                                  declarations, or the network does not fit its iterators' kind (a
     *                                  MultiLayerNetwork with MultiDataSetIterators, a graph of several
     *                                  inputs or outputs with DataSetIterators)
     * @throws RuntimeException         whatever the model's {@code data} or the scoring throws
     */
    public static Map<String, Double> score(
            Net net, String className, Map<String, ?> configuration, long seed, String trialId, int repeat) {
        SweepModel model = UserModels.instantiate(className);
        if (!(model instanceof SuppliesData own)) {
            throw new IllegalArgumentException(className + " does not implement " + SuppliesData.class.getName()
                    + " (any more): it has no iterators of its own");
        }
        TrialContext trial = context(model, configuration, seed, trialId, repeat);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT); // as the trial trained
        TrialData data = own.data(trial);
        TrialCurves curves = new TrialCurves();
        IteratorMetrics.add(curves, OwnData.of(data, net));
        return curves.lastValues();
    }

    /** What the model's {@code data} is given: the trial as the sweep gave it to the model. */
    static TrialContext context(SweepModel model, Map<String, ?> configuration, long seed, String trialId, int repeat) {
        String epochs = Hyperparameter.EPOCHS.key(), batchSize = Hyperparameter.BATCH_SIZE.key();
        List<Param> declared = model.parameters();
        Map<String, Object> values = new LinkedHashMap<>();
        configuration.forEach((name, value) -> {
            if (!name.equals(epochs) && !name.equals(batchSize)) {
                values.put(name, typed(declared, name, value));
            }
        });
        return new TrialContext(
                new Hyperparameters(declared, values),
                seed,
                trialId,
                repeat,
                whole(configuration, epochs),
                whole(configuration, batchSize),
                null);
    }

    /** A number as its declaration's type: JSON gives 0.5 and 3, a real declared parameter may hold 3.0. */
    private static Object typed(List<Param> declared, String name, Object value) {
        for (Param p : declared) {
            if (p.name().equals(name) && value instanceof Number n) {
                if (p.type() == Param.Type.REAL) {
                    return n.doubleValue();
                }
                if (p.type() == Param.Type.INTEGER && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return n.intValue();
                }
            }
        }
        return value; // Hyperparameters says what is wrong with anything else
    }

    private static int whole(Map<String, ?> configuration, String key) {
        if (configuration.get(key) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException("the kept trial's configuration has no whole number " + key);
    }
}
