package io.sparksweep.train;

import io.sparksweep.train.ops.ConvHead;
import io.sparksweep.train.ops.DenseTail;
import io.sparksweep.train.ops.HostGaussianNoise;
import io.sparksweep.train.ops.OpArena;
import io.sparksweep.train.ops.ParameterUpdate;
import io.sparksweep.train.ops.StepWorkspace;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the two fast steps ({@link DenseNetStep}, {@link ConvNetStep}) share beyond their first
 * layers: the {@link DenseTail} they end in; the {@link ParameterUpdate} of all their parameters
 * (SGD, classic momentum or Adam), finished after each backward pass; the network's input transform
 * ({@link Input}); a training and an inference pass (arrays and prebuilt ops bound to one batch's
 * features and labels, see {@link #bind}), run in the step's workspace; the step count.
 *
 * <p>A pass is rebuilt only when it is asked for other arrays: the full and the last batch of an
 * epoch, then each evaluation's batches.
 */
abstract class FastStep<P extends FastStep.Pass> implements TrainingStep {

    /** The ops of one batch, bound to arrays its step's arena holds. */
    interface Pass {

        /** Input transform and dropout (training passes), every layer, the output's activation. */
        void forward(int iteration);

        /** DL4J's score of the batch: the mean loss plus the L2 penalty, before {@link #backward}. */
        double score(int iteration);

        /** Backprop and the parameter update. */
        void backward(int iteration);

        /** The outputs of the last forward pass, row-major. */
        float[] probabilities();
    }

    /** The dense layers and the output layer, from the network's layer {@code firstDense} on. */
    final DenseTail tail;
    /** The optimizer's arithmetic over every parameter: the head's convolutions first, then the tail's layers. */
    final ParameterUpdate update;

    private final IUpdater updater;
    /** The network's input transform (dropout or noise), or null. */
    private final IDropout inputTransform;
    /** The transform when it is Gaussian noise of constant spread: drawn on the host instead; else null. */
    private final HostGaussianNoise gaussian;

    private final StepWorkspace workspace;
    private final boolean freeInferenceToTrain;
    private final Slot<P> training = new Slot<>();
    private final Slot<P> inference = new Slot<>();
    private int iteration;

    /**
     * Draws the noise generator's seed from ND4J's generator when the input transform is Gaussian
     * noise (see {@link HostGaussianNoise#of}), so the step must be built where fit's would be.
     *
     * @param freeInferenceToTrain whether rebuilding the training pass frees the inference pass too
     *                             (the evaluation after the epoch binds arrays of its own anyway)
     */
    FastStep(
            MultiLayerNetwork net,
            int firstDense,
            IUpdater updater,
            StepWorkspace workspace,
            boolean freeInferenceToTrain) {
        this.workspace = workspace;
        this.freeInferenceToTrain = freeInferenceToTrain;
        this.updater = updater;
        inputTransform = net.getLayer(0).conf().getLayer().getIDropout();
        gaussian = HostGaussianNoise.of(inputTransform);
        List<INDArray[]> params = new ArrayList<>(ConvHead.parameters(net));
        int convolutions = params.size();
        for (int l = firstDense; l < net.getnLayers(); l++) {
            params.add(new INDArray[] {
                net.getLayer(l).getParam("W"), net.getLayer(l).getParam("b")
            });
        }
        update = ParameterUpdate.of(
                updater,
                net.params(),
                params.stream().map(p -> p[0]).toArray(INDArray[]::new),
                params.stream().map(p -> p[1]).toArray(INDArray[]::new));
        tail = new DenseTail(net, firstDense, updater, update, convolutions, workspace);
    }

    /**
     * Whether a layer trains with what the update does for {@code updater}: the same updater on its
     * weights and biases, no gradient normalization, L2 on the weights only. Every layer with
     * parameters must, since the update runs over all of them at once.
     */
    static boolean updatedAsTheRest(BaseLayer layer, IUpdater updater) {
        return ParameterUpdate.supports(updater)
                && updater.equals(layer.getIUpdater())
                && (layer.getBiasUpdater() == null || updater.equals(layer.getBiasUpdater()))
                && (layer.getGradientNormalization() == null
                        || layer.getGradientNormalization() == GradientNormalization.None)
                && (layer.getRegularizationBias() == null
                        || layer.getRegularizationBias().isEmpty())
                && (layer.getRegularization() == null
                        || layer.getRegularization().stream().allMatch(r -> r instanceof L2Regularization));
    }

    /** Builds a pass for a batch, its arrays and native contexts in {@code arena}; {@code training}: with dropout and input noise. */
    abstract P bind(OpArena arena, INDArray features, INDArray labels, boolean training);

    /** The steps done so far: the iteration DL4J's schedules, dropout and L2 objects are asked about. */
    final int iteration() {
        return iteration;
    }

    /** The step count and the optimizer's state (velocity, moments; null for plain SGD). */
    @Override
    public final Serializable state() {
        return new Object[] {iteration, update.state()};
    }

    /** Continues from a checkpoint's {@link #state}; a bare step count is an older plain-SGD checkpoint's. */
    @Override
    public final void restore(Serializable state) {
        if (state instanceof Integer steps) {
            iteration = steps;
            return;
        }
        Object[] s = (Object[]) state;
        iteration = (Integer) s[0];
        update.restore((Serializable) s[1]);
    }

    @Override
    public final void reseed() {
        if (gaussian != null) {
            gaussian.reseed();
        }
    }

    /** Trains on one minibatch; returns DL4J's score for it (mean loss plus the L2 penalty). */
    @Override
    public final double fit(INDArray features, INDArray labels) {
        P p = pass(training, features, labels, true);
        double score;
        try (MemoryWorkspace ws = workspace.open()) {
            p.forward(iteration);
            score = p.score(iteration);
            p.backward(iteration);
            update.finish(updater.getLearningRate(iteration, 0), iteration); // fit(features, labels): epoch 0
        }
        iteration++;
        return score;
    }

    /** Outputs through the step's own prebuilt forward ops, without noise or dropout, as {@code net.output(features, false)}. */
    @Override
    public final float[] probabilities(INDArray features, INDArray labels) {
        P p = pass(inference, features, labels, false);
        try (MemoryWorkspace ws = workspace.open()) {
            p.forward(iteration);
        }
        return p.probabilities();
    }

    private P pass(Slot<P> slot, INDArray features, INDArray labels, boolean isTraining) {
        if (!slot.holds(features, labels)) {
            if (isTraining && freeInferenceToTrain) {
                inference.close();
            }
            slot.close();
            // the score reads the labels' whole buffer, and the prebuilt ops assume row-major arrays
            if (features.ordering() != 'c' || labels.ordering() != 'c' || labels.isView()) {
                throw new IllegalArgumentException("features and labels must be whole row-major arrays");
            }
            OpArena arena = new OpArena();
            slot.set(bind(arena, features, labels, isTraining), arena, features, labels);
        }
        return slot.pass;
    }

    /** The training pass of the last step; for tests. */
    final P lastTraining() {
        return training.pass;
    }

    @Override
    public final void close() {
        training.close();
        inference.close();
        update.close();
    }

    /** A batch's input as the first layer sees it: the features, or in a training pass their transformed copy. */
    final class Input {
        final INDArray features;
        /** The features, or their copy through the input transform. */
        final INDArray array;

        private final boolean training;
        private final HostGaussianNoise.Bound noise;

        Input(OpArena arena, INDArray features, boolean training) {
            this.features = features;
            this.training = training;
            array = !training || inputTransform == null
                    ? features
                    : arena.own(Nd4j.create(DataType.FLOAT, features.shape()));
            noise = training && gaussian != null ? gaussian.bind(arena, features, array) : null;
        }

        /**
         * In a training pass, the input transform: host-drawn noise, or DL4J's own object (dropout,
         * salt and pepper), which draws what fit draws. Nothing backpropagates through it.
         */
        void transform(int iteration) {
            if (noise != null) {
                noise.apply();
            } else if (training && inputTransform != null) {
                inputTransform.applyDropout(features, array, iteration, 0, workspace.masks);
            }
        }
    }

    /** One pass, the arena that holds its arrays, and the batch arrays it is bound to. */
    private static final class Slot<P extends Pass> {
        private P pass;
        private OpArena arena;
        private INDArray features;
        private INDArray labels;

        boolean holds(INDArray f, INDArray l) {
            return pass != null && features == f && labels == l;
        }

        void set(P p, OpArena a, INDArray f, INDArray l) {
            pass = p;
            arena = a;
            features = f;
            labels = l;
        }

        void close() {
            if (pass != null) {
                arena.close();
                set(null, null, null, null);
            }
        }
    }
}
