package io.sparksweep.train;

import io.sparksweep.api.TrialData;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * A user model's own iterators ({@link TrialData}), of either kind, each bound to the network it feeds:
 * what the epoch loop ({@link IteratorEpochs}), the per-epoch figures ({@link IteratorMetrics}) and the
 * declared metrics need of them, so that one loop serves DataSetIterators and MultiDataSetIterators.
 * A MultiDataSetIterator's figures are its graph's first output's; its loss is the whole graph's score.
 *
 * @param validation null without a validation iterator
 */
record OwnData(Part train, Part validation, Part test, boolean regression) {

    /**
     * The data bound to {@code net}: DataSetIterators to a MultiLayerNetwork or a graph of one input and
     * one output, MultiDataSetIterators to a graph of any shape.
     *
     * @param net wrapped by {@link Net#anyShape}: this is where its shape is checked against the data
     * @throws IllegalArgumentException a MultiLayerNetwork with MultiDataSetIterators, or a graph of several
     *                                  inputs or outputs with DataSetIterators (one line saying so)
     */
    static OwnData of(TrialData data, Net net) {
        if (data == null) {
            throw new IllegalArgumentException("the model's data() returned null");
        }
        requireFits(data.isMulti(), net);
        if (data.isMulti()) {
            ComputationGraph g = ((GraphNet) net).graph();
            return new OwnData(
                    new Multi(data.multiTrain(), g),
                    data.multiValidation() == null ? null : new Multi(data.multiValidation(), g),
                    new Multi(data.multiTest(), g),
                    data.regression());
        }
        return new OwnData(
                new Single(data.train(), net),
                data.validation() == null ? null : new Single(data.validation(), net),
                new Single(data.test(), net),
                data.regression());
    }

    /**
     * Whether data of this kind fits the network.
     *
     * @param multi whether the data is MultiDataSetIterators ({@link TrialData#isMulti})
     * @throws IllegalArgumentException one line saying why not
     */
    static void requireFits(boolean multi, Net net) {
        if (multi && !(net instanceof GraphNet)) {
            throw new IllegalArgumentException("a MultiLayerNetwork cannot train on MultiDataSetIterators "
                    + "(TrialData.ofMulti): build a ComputationGraph, or give DataSetIterators");
        }
        if (!multi && net instanceof GraphNet g) {
            GraphNet.requireOneInputOneOutput(g.graph());
        }
    }

    /** The validation part for {@code "validation"}, else the test part; null for a validation part it does not have. */
    Part part(String name) {
        return name.equals("test") ? test : validation;
    }

    /** One iterator and the network it feeds. */
    sealed interface Part permits Single, Multi {

        /** Whether {@code reset()} works: every epoch starts each iterator again. */
        boolean resetSupported();

        /** The iterator's class, for messages. */
        String iteratorClass();

        /** Starts the iterator again. */
        void reset();

        /** Fits the network on the next minibatch; false, having fitted nothing, when the iterator has none left. */
        boolean fitNext();

        /** The iterator from its start through the network into a DL4J evaluation (the first output's, for a graph fed by a MultiDataSetIterator). */
        <T extends IEvaluation> T evaluate(T evaluation);

        /** DL4J's score in inference mode, averaged over the examples (a short last minibatch weighs less); NaN for none. */
        double meanScore();

        /**
         * The labels and the network's outputs, minibatch by minibatch, concatenated along the first
         * dimension (a sequence's rank 3 kept; masks are not applied to them): the first output's for a
         * graph fed by a MultiDataSetIterator.
         */
        DeclaredMetrics.Part gather();
    }

    /** A DataSetIterator: one array of features and one of labels per minibatch. */
    record Single(DataSetIterator it, Net net) implements Part {

        @Override
        public boolean resetSupported() {
            return it.resetSupported();
        }

        @Override
        public String iteratorClass() {
            return it.getClass().getName();
        }

        @Override
        public void reset() {
            it.reset();
        }

        @Override
        public boolean fitNext() {
            if (!it.hasNext()) {
                return false;
            }
            net.fit(it.next());
            return true;
        }

        @Override
        public <T extends IEvaluation> T evaluate(T evaluation) {
            it.reset();
            return net.evaluate(it, evaluation);
        }

        @Override
        public double meanScore() {
            it.reset();
            double sum = 0;
            long examples = 0;
            while (it.hasNext()) {
                DataSet batch = it.next();
                int n = batch.numExamples();
                sum += net.score(batch) * n;
                examples += n;
            }
            return examples == 0 ? Double.NaN : sum / examples;
        }

        @Override
        public DeclaredMetrics.Part gather() {
            it.reset();
            List<INDArray> labels = new ArrayList<>();
            List<INDArray> predictions = new ArrayList<>();
            try {
                while (it.hasNext()) {
                    DataSet batch = it.next();
                    // a copy: an iterator may refill the same arrays for its next minibatch
                    labels.add(batch.getLabels().dup());
                    predictions.add(net.output(batch.getFeatures()));
                }
                return concatenated(labels, predictions);
            } finally {
                labels.forEach(INDArray::close);
                predictions.forEach(INDArray::close);
            }
        }
    }

    /** A MultiDataSetIterator: one features array per input of the graph and one labels array per output. */
    record Multi(MultiDataSetIterator it, ComputationGraph graph) implements Part {

        @Override
        public boolean resetSupported() {
            return it.resetSupported();
        }

        @Override
        public String iteratorClass() {
            return it.getClass().getName();
        }

        @Override
        public void reset() {
            it.reset();
        }

        @Override
        public boolean fitNext() {
            if (!it.hasNext()) {
                return false;
            }
            graph.fit(it.next());
            return true;
        }

        @Override
        public <T extends IEvaluation> T evaluate(T evaluation) {
            it.reset();
            graph.doEvaluation(it, evaluation); // DL4J scores the first output against the first labels
            return evaluation;
        }

        @Override
        public double meanScore() {
            it.reset();
            double sum = 0;
            long examples = 0;
            while (it.hasNext()) {
                MultiDataSet batch = it.next();
                long n = batch.getFeatures(0).size(0);
                sum += graph.score(batch, false) * n;
                examples += n;
            }
            return examples == 0 ? Double.NaN : sum / examples;
        }

        @Override
        public DeclaredMetrics.Part gather() {
            it.reset();
            List<INDArray> labels = new ArrayList<>();
            List<INDArray> predictions = new ArrayList<>();
            try {
                while (it.hasNext()) {
                    MultiDataSet batch = it.next();
                    labels.add(batch.getLabels(0).dup());
                    INDArray[] out = graph.output(
                            false, batch.getFeatures(), batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
                    predictions.add(out[0]);
                    for (int i = 1; i < out.length; i++) {
                        out[i].close();
                    }
                }
                return concatenated(labels, predictions);
            } finally {
                labels.forEach(INDArray::close);
                predictions.forEach(INDArray::close);
            }
        }
    }

    private static DeclaredMetrics.Part concatenated(List<INDArray> labels, List<INDArray> predictions) {
        if (labels.isEmpty()) {
            throw new IllegalStateException("an iterator gave no minibatch to measure the metrics on");
        }
        return new DeclaredMetrics.Part(concat(labels), concat(predictions));
    }

    private static INDArray concat(List<INDArray> arrays) {
        return arrays.size() == 1 ? arrays.get(0).dup() : Nd4j.concat(0, arrays.toArray(new INDArray[0]));
    }
}
