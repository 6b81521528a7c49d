package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user's model ({@link SweepModel}) as {@code sparksweep retrain} trains it again: one instance,
 * given the winner trial's {@link TrialContext} (its declared values, epochs, batch size, seed, id and
 * repeat), builds the network as that trial did ({@link UserModelTraining#build}); a model that brings
 * its own data ({@link SuppliesData}) hands over its iterators once, and their training and validation
 * minibatches are read here, on the driver. After each epoch the network is measured as the trial
 * measured itself: on the sweep's test part ({@link TestMetrics}), or on the model's own test iterator
 * ({@link IteratorMetrics}); its declared {@link Metric}s once at the end, on the test part.
 */
public final class UserModelRetraining {

    private final SweepModel model;
    private final TrialContext trial;
    private final Config config;
    private final TrainingData data; // the sweep's, without a validation part; null: the model's own
    private final TrialData own; // null: the sweep's data
    private final List<Metric> metrics;

    private UserModelRetraining(
            SweepModel model,
            TrialContext trial,
            Config config,
            TrainingData data,
            TrialData own,
            List<Metric> metrics) {
        this.model = model;
        this.trial = trial;
        this.config = config;
        this.data = data;
        this.own = own;
        this.metrics = metrics;
    }

    /**
     * The model of a configuration, for the trial whose seed, id and repeat the retrained network takes.
     *
     * @param data the sweep's dataset as retrain measures on it (training and test parts); null when the
     *             model brings its own
     * @throws io.sparksweep.space.ModelResolver.Refusal the model cannot be made (no class, no constructor)
     * @throws IllegalArgumentException the model supplies no data and the sweep has none, or its
     *                                  {@code data} returned null or data without a training minibatch
     * @throws RuntimeException         whatever the model's {@code metrics} or {@code data} throws
     */
    public static UserModelRetraining of(
            ModelSource source, Config config, long seed, String trialId, int repeat, TrainingData data) {
        SweepModel model = source.newInstance();
        if (data == null && !(model instanceof SuppliesData)) {
            throw new IllegalArgumentException(
                    source.name() + " supplies no data (SuppliesData) and the sweep has no dataset");
        }
        TrialContext trial =
                UserModelTrainer.context(config, seed, trialId, repeat, model, UserModelTrainer.shapeOf(data));
        List<Metric> metrics = model.metrics();
        if (metrics == null) {
            throw new IllegalStateException(source.name() + ".metrics() returned null");
        }
        TrialData own = null;
        if (data == null) {
            own = ((SuppliesData) model).data(trial);
            if (own == null) {
                throw new IllegalArgumentException(source.name() + ".data() returned null");
            }
        }
        return new UserModelRetraining(model, trial, config, data, own, metrics);
    }

    /** Whether the model brings its own data: its minibatches come from {@link #minibatches} or {@link #multiMinibatches}. */
    public boolean ownData() {
        return own != null;
    }

    /** Whether its own data is MultiDataSetIterators ({@link TrialData#ofMulti}): {@link #multiMinibatches}. */
    public boolean multi() {
        return own != null && own.isMulti();
    }

    /**
     * The network, built and initialized as the trial's was; for its own data, checked against their
     * kind. The caller releases it.
     *
     * @throws IllegalArgumentException not a network of DL4J's two kinds, or not of the data's shape
     */
    public Net build() {
        Net net = UserModelTraining.build(model, trial, data);
        if (own != null) {
            try {
                OwnData.requireFits(own.isMulti(), net);
            } catch (RuntimeException e) {
                net.release();
                throw e;
            }
        }
        return net;
    }

    /**
     * Every minibatch of its own training DataSetIterator, then of its validation one, each copied as
     * read (an iterator may refill the same arrays): all of them held on the driver at once.
     *
     * @throws IllegalArgumentException the iterators give no minibatch
     */
    public List<DataSet> minibatches() {
        List<DataSet> out = new ArrayList<>();
        for (DataSetIterator it : new DataSetIterator[] {own.train(), own.validation()}) {
            if (it != null) {
                if (it.resetSupported()) {
                    it.reset();
                }
                while (it.hasNext()) {
                    out.add(it.next().copy());
                }
            }
        }
        return requireSome(out);
    }

    /** As {@link #minibatches}, for MultiDataSetIterators. */
    public List<MultiDataSet> multiMinibatches() {
        List<MultiDataSet> out = new ArrayList<>();
        for (MultiDataSetIterator it : new MultiDataSetIterator[] {own.multiTrain(), own.multiValidation()}) {
            if (it != null) {
                if (it.resetSupported()) {
                    it.reset();
                }
                while (it.hasNext()) {
                    out.add(it.next().copy());
                }
            }
        }
        return requireSome(out);
    }

    private <T> List<T> requireSome(List<T> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(model.getClass().getName() + "'s training iterator gave no minibatch");
        }
        return batches;
    }

    /**
     * The figures after an epoch, under the trials' column names: on the sweep's test part (with
     * {@code train_accuracy}) as {@link TestMetrics} measures them, or on its own test iterator
     * ({@code test_accuracy} and {@code test_loss}, a regression's MSE, RMSE, MAE and R²).
     */
    public Map<String, Double> measure(Net net) {
        if (own == null) {
            return TestMetrics.measure(net, config, data);
        }
        TrialCurves curves = new TrialCurves();
        IteratorMetrics.add(curves, testOnly(net));
        return curves.lastValues();
    }

    /**
     * The model's declared metrics on the test part ({@code test_<name>}), as a trial measures them
     * after its last epoch; empty when it declares none.
     *
     * @throws IllegalStateException a metric threw or gave a value that is not finite (one line naming it)
     */
    public Map<String, Double> declaredMetrics(Net net) {
        if (metrics.isEmpty()) {
            return Map.of();
        }
        DeclaredMetrics.Parts parts;
        if (own == null) {
            Evaluation eval = new Evaluation(TrainingStep.fit(net), data.features(), Evaluation.batchSize(true));
            parts = part -> part.equals("test")
                    ? DeclaredMetrics.of(
                            eval, data.test(), data.outputs(), data.regression(), data.targetMean(), data.targetStd())
                    : null;
        } else {
            OwnData bound = testOnly(net);
            parts = part -> part.equals("test") ? bound.test().gather() : null;
        }
        try {
            return DeclaredMetrics.measure(metrics, parts);
        } catch (DeclaredMetrics.Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The metric the retrained figure is compared on: test accuracy, or a regression's RMSE. */
    public String headline() {
        boolean regression = own != null ? own.regression() : data.regression();
        return regression ? Metrics.TEST_RMSE : Metrics.TEST_ACCURACY;
    }

    /** Its own iterators bound to the network, the validation part left out: retrain trained on it. */
    private OwnData testOnly(Net net) {
        OwnData bound = OwnData.of(own, net);
        return new OwnData(bound.train(), null, bound.test(), bound.regression());
    }
}
