package io.sparksweep.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training step of a DL4J dense network (dense layers, softmax + cross-entropy output; SGD,
 * classic momentum or Adam, constant or decaying rate; dropout), computed in place on the network's
 * own parameters with ND4J ops.
 *
 * <p>Why not {@code MultiLayerNetwork.fit}: for a small network most of a step is not arithmetic
 * but per-op overhead (measured with async-profiler: ~45 % of a 784-100-10 step outside the GEMMs).
 * {@code fit} runs ~35 ND4J ops per step, recomputes the first layer's forward product during
 * backprop, computes an input gradient nothing uses and runs the softmax loss twice (score and
 * gradient). This step runs ~13: one GEMM per layer forward; softmax once, its gradient
 * {@code p - y}; per layer one GEMM for the input gradient, one that folds the weight gradient into
 * the weights ({@code alpha = -lr/batch, beta = 1}) and one for the bias (a ones-vector GEMM instead
 * of sum, scale and subtract). The ops are built once per input array and re-executed. Other
 * updaters ({@link DenseUpdate}) point those GEMMs at a velocity or gradient array laid out like the
 * parameters and finish with one or two ops over all parameters at once.
 *
 * <p>The arithmetic is DL4J's: the layers' own activation functions, input noise, dropout and L2
 * objects, DL4J's minibatch averaging, updater arithmetic and score (mean cross-entropy with
 * probabilities clipped at 1e-10, plus the L2 penalty). Dropout masks are drawn by the layers' own
 * IDropout objects in fit's order (layer by layer, forward), so the same seed draws the same masks.
 * {@code DenseSgdStepTest} checks it against {@code fit} step by step.
 */
final class DenseSgdStep implements TrainingStep {

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).build();
    /**
     * DL4J's dropout allocates its mask through this; in the step's workspace (open during fit) it is
     * reused every step. Detached masks (noWorkspaces) were never freed: ~1 GB an epoch for seed 004's CNN.
     */
    private static final LayerWorkspaceMgr DROPOUT_MASKS = LayerWorkspaceMgr.builder()
            .defaultWorkspace("sparksweep-step", STEP_WORKSPACE).build();

    private final int layers;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final IActivation[] activations;
    private final List<List<Regularization>> regularization = new ArrayList<>();
    private final IDropout inputNoise;
    /** Dropout of layer l's input, l > 0 (the first layer's is inputNoise); null where none. */
    private final IDropout[] dropout;
    /** Std of constant Gaussian input noise drawn on the host, or 0 (then inputNoise, if any, is DL4J's). */
    private final double gaussianStd;
    private SplittableRandom noiseRandom;
    private final IUpdater updater;
    private final DenseUpdate update;
    private Pass pass;      // training: noise and dropout on
    private Pass inference; // evaluation: the same prebuilt forward ops, without them
    private int iteration;

    /**
     * Whether this step can train the network: dense layers, a softmax cross-entropy output, one
     * updater {@link DenseUpdate} has (SGD, classic momentum, Adam) on every parameter, L2 only,
     * plain dropout on hidden layers' inputs. Any activation, per layer (read from each layer's conf).
     * The first layer's input transform may be any DL4J IDropout (dropout, Gaussian or
     * {@link SaltAndPepperNoise}): it is applied by its own {@code applyDropout}, as fit does, and
     * nothing backpropagates through it.
     */
    static boolean supports(MultiLayerNetwork net) {
        IUpdater updater = ((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater();
        if (!DenseUpdate.supports(updater)) {
            return false;
        }
        for (int l = 0; l < net.getnLayers(); l++) {
            Object conf = net.getLayer(l).conf().getLayer();
            boolean last = l == net.getnLayers() - 1;
            if (conf.getClass() != (last ? OutputLayer.class : DenseLayer.class)) {
                return false;
            }
            BaseLayer base = (BaseLayer) conf;
            // one updater config on all parameters: the update runs over the flattened parameters at once
            if (!updater.equals(base.getIUpdater())
                    || (base.getBiasUpdater() != null && !updater.equals(base.getBiasUpdater()))
                    || (l > 0 && base.getIDropout() != null && base.getIDropout().getClass() != Dropout.class)
                    || (base.getGradientNormalization() != null && base.getGradientNormalization() != GradientNormalization.None)
                    || (base.getRegularizationBias() != null && !base.getRegularizationBias().isEmpty())) {
                return false;
            }
            if (base.getRegularization() != null
                    && !base.getRegularization().stream().allMatch(r -> r instanceof L2Regularization)) {
                return false;
            }
            if (last && !(base.getActivationFn() instanceof ActivationSoftmax
                    && ((OutputLayer) conf).getLossFn() instanceof LossMCXENT mcxent
                    && mcxent.getWeights() == null && mcxent.getSoftmaxClipEps() == DenseLayerOps.PROB_CLIP)) {
                return false;
            }
        }
        return true;
    }

    DenseSgdStep(MultiLayerNetwork net) {
        layers = net.getnLayers();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        activations = new IActivation[layers];
        dropout = new IDropout[layers];
        for (int l = 0; l < layers; l++) {
            Layer layer = net.getLayer(l);
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            weights[l] = layer.getParam("W");
            biases[l] = layer.getParam("b");
            activations[l] = conf.getActivationFn();
            regularization.add(conf.getRegularization() == null ? List.of() : conf.getRegularization());
            dropout[l] = l > 0 ? conf.getIDropout() : null;
        }
        BaseLayer first = (BaseLayer) net.getLayer(0).conf().getLayer();
        inputNoise = first.getIDropout();
        // ND4J's Gaussian generator takes 3 ms for a 128x784 batch, Java's 0.6 ms (an epoch of
        // 784-100-10 with input noise: ~2 s -> ~0.7 s). Same distribution, seeded from ND4J's
        // generator, which the trial seeds: trials stay reproducible.
        gaussianStd = inputNoise instanceof GaussianNoise g && g.getStddevSchedule() == null ? g.getStddev() : 0;
        // Only then: taking a seed from ND4J's generator would shift the stream dropout draws from,
        // and a trial would no longer draw fit's masks (StepChoice.DL4J_FIT reproduces them).
        noiseRandom = gaussianStd > 0 ? new SplittableRandom(Nd4j.getRandom().nextLong()) : null;
        updater = first.getIUpdater();
        update = DenseUpdate.of(updater, net.params(), weights, biases);
    }

    @Override
    public java.io.Serializable state() {
        return new Object[]{iteration, update.state()};
    }

    @Override
    public void restore(java.io.Serializable state) {
        Object[] s = (Object[]) state;
        iteration = (Integer) s[0];
        update.restore((java.io.Serializable) s[1]);
    }

    @Override
    public void reseed() {
        noiseRandom = gaussianStd > 0 ? new SplittableRandom(Nd4j.getRandom().nextLong()) : null;
    }

    /** Trains on one minibatch; returns DL4J's score for it (mean loss plus the L2 penalty). */
    @Override
    public double fit(INDArray features, INDArray labels) {
        if (pass == null || pass.features != features || pass.labels != labels) {
            closePass();
            pass = new Pass(features, labels, true);
        }
        Pass p = pass;
        double lr = updater.getLearningRate(iteration, 0); // fit(features, labels) leaves the epoch at 0
        double score;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "sparksweep-step")) {
            if (gaussianStd > 0) {
                p.addGaussianNoise();
            } else if (inputNoise != null) {
                inputNoise.applyDropout(features, p.input, iteration, 0, DROPOUT_MASKS);
            }
            for (int l = 0; l < layers; l++) {
                if (dropout[l] != null) {
                    dropout[l].applyDropout(p.act[l - 1], p.dropped[l], iteration, 0, DROPOUT_MASKS);
                }
                p.forward[l].exec();
                p.biasAdd[l].exec();
                if (l < layers - 1) {
                    p.activate(l);
                }
            }
            p.softmax.exec();
            score = p.meanCrossEntropy() + penalty();
            p.outputGradient.exec(); // softmax + cross-entropy: p - y; the 1/batch is in the GEMMs' alpha

            for (int l = layers - 1; l >= 0; l--) {
                if (l > 0) {
                    p.inputGradient[l].exec(); // before this layer's weights change
                    if (dropout[l] != null) {
                        dropout[l].backprop(p.eps[l - 1], p.eps[l - 1], iteration, 0); // its mask, times 1/p
                    }
                }
                double l2 = l2(l);
                update.beforeGradient(l, l2, lr);
                p.weightUpdate[l].exec();
                p.biasUpdate[l].exec();
                update.afterGradient(l, l2, lr);
                if (l > 0) {
                    p.backpropActivation(l - 1);
                }
            }
            update.finish(lr, iteration);
        }
        iteration++;
        return score;
    }

    @Override
    public String name() {
        return "fast-dense";
    }

    /** Softmax outputs through the step's own prebuilt forward ops, without noise or dropout, as {@code net.output(features, false)}. */
    @Override
    public float[] probabilities(INDArray features, INDArray labels) {
        if (inference == null || inference.features != features || inference.labels != labels) {
            if (inference != null) {
                inference.close();
            }
            inference = new Pass(features, labels, false);
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, "sparksweep-step")) {
            for (int l = 0; l < layers; l++) {
                inference.forward[l].exec();
                inference.biasAdd[l].exec();
                if (l < layers - 1) {
                    inference.activate(l);
                }
            }
            inference.softmax.exec();
        }
        return inference.probs.data().asFloat();
    }

    /** Layer l's L2 coefficient this iteration (gradient l2·W), 0 without L2. */
    private double l2(int l) {
        double sum = 0;
        for (Regularization r : regularization.get(l)) {
            sum += ((L2Regularization) r).getL2().valueAt(iteration, 0);
        }
        return sum;
    }

    private double penalty() {
        double p = 0;
        for (int l = 0; l < layers; l++) {
            for (Regularization r : regularization.get(l)) {
                p += r.score(weights[l], iteration, 0);
            }
        }
        return p;
    }

    /** The input of the last step (the features plus noise, when there is noise); for tests. */
    INDArray lastInput() {
        return pass.input;
    }

    @Override
    public void close() {
        closePass();
        update.close();
    }

    private void closePass() {
        if (pass != null) {
            pass.close();
            pass = null;
        }
        if (inference != null) {
            inference.close();
            inference = null;
        }
    }

    /**
     * The arrays of one minibatch size and the ops bound to them and to one features/labels pair.
     * The trial runner reuses two such pairs (full and last batch), so ops are built twice an epoch.
     */
    private final class Pass implements AutoCloseable {
        final INDArray features;
        final INDArray labels;
        final INDArray input;                  // the features, or their noisy copy
        final INDArray[] pre = new INDArray[layers]; // pre-activations, overwritten by their gradients
        final INDArray[] act = new INDArray[layers];
        final INDArray[] dropped = new INDArray[layers]; // layer l's input after its dropout, l > 0
        final INDArray[] eps = new INDArray[layers]; // gradients with respect to hidden outputs
        final INDArray probs;                  // softmax output, then its gradient
        final INDArray ones;
        final PreparedOp[] forward = new PreparedOp[layers];
        final PreparedOp[] inputGradient = new PreparedOp[layers];
        final PreparedOp[] weightUpdate = new PreparedOp[layers];
        final PreparedOp[] biasUpdate = new PreparedOp[layers];
        final PreparedOp[] biasAdd = new PreparedOp[layers];
        final DenseLayerOps.Prebuilt[] activation = new DenseLayerOps.Prebuilt[layers]; // null: DL4J's object runs
        final PreparedOp softmax;
        final PreparedOp outputGradient;
        final FloatBuffer probsHost;
        final FloatBuffer labelsHost;
        final INDArray noise;
        final FloatBuffer noiseMemory;
        final float[] noiseHost;
        final PreparedOp addNoise;
        private final List<INDArray> owned = new ArrayList<>();
        private final List<AutoCloseable> natives = new ArrayList<>(); // prepared ops' contexts

        Pass(INDArray features, INDArray labels, boolean training) {
            if (features.ordering() != 'c' || labels.ordering() != 'c' || labels.isView()) {
                throw new IllegalArgumentException("features and labels must be whole row-major arrays");
            }
            this.features = features;
            this.labels = labels;
            int b = (int) features.size(0);
            // constant for the pass: a decaying rate is applied by the update, not in the GEMMs (DenseUpdate.decays)
            double alpha = update.alpha(b, updater.getLearningRate(0, 0));
            input = !training || inputNoise == null ? features : own(Nd4j.create(DataType.FLOAT, b, features.size(1)));
            ones = own(Nd4j.ones(DataType.FLOAT, b)); // a vector: the biases are vectors too
            for (int l = 0; l < layers; l++) {
                pre[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
                if (l < layers - 1) {
                    act[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
                    eps[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(1)));
                }
                if (training && dropout[l] != null) {
                    dropped[l] = own(Nd4j.create(DataType.FLOAT, b, weights[l].size(0)));
                }
            }
            probs = own(Nd4j.create(DataType.FLOAT, b, weights[layers - 1].size(1)));
            softmax = prepare(new SoftMax(pre[layers - 1], probs));
            outputGradient = prepare(new SubOp(probs, labels, probs));
            for (int l = 0; l < layers; l++) {
                INDArray in = l == 0 ? input : dropped[l] != null ? dropped[l] : act[l - 1];
                INDArray delta = l == layers - 1 ? probs : pre[l];
                forward[l] = prepare(new Mmul(in, weights[l], pre[l], 1.0, 0.0, transpose(false, false)));
                biasAdd[l] = prepare(new BiasAdd(pre[l], biases[l], pre[l], false));
                if (l > 0) {
                    inputGradient[l] = prepare(new Mmul(delta, weights[l], eps[l - 1], 1.0, 0.0, transpose(false, true)));
                }
                weightUpdate[l] = prepare(new Mmul(in, delta, update.weightTarget(l), alpha, update.beta(), transpose(true, false)));
                biasUpdate[l] = prepare(new Mmul(ones, delta, update.biasTarget(l), alpha, update.beta(), transpose(false, false)));
                if (l < layers - 1) {
                    activation[l] = DenseLayerOps.Prebuilt.of(activations[l], pre[l], act[l], eps[l]);
                    if (activation[l] != null) {
                        natives.add(activation[l]);
                    }
                }
            }
            probsHost = probs.data().asNioFloat();
            labelsHost = labels.data().asNioFloat();
            boolean noisy = training && gaussianStd > 0;
            noise = noisy ? own(Nd4j.create(DataType.FLOAT, b, features.size(1))) : null;
            noiseMemory = noisy ? noise.data().asNioFloat() : null;
            noiseHost = noisy ? new float[(int) features.length()] : null;
            addNoise = noisy ? prepare(new AddOp(features, noise, input)) : null;
        }

        /** input = features + N(0, std²) per pixel, drawn on the host. */
        void addGaussianNoise() {
            for (int i = 0; i < noiseHost.length; i++) {
                noiseHost[i] = (float) (gaussianStd * noiseRandom.nextGaussian());
            }
            noiseMemory.put(0, noiseHost);
            addNoise.exec();
        }

        double meanCrossEntropy() {
            return DenseLayerOps.meanCrossEntropy(probsHost, labelsHost, (int) probs.length(), (int) probs.size(0));
        }

        void activate(int l) {
            DenseLayerOps.activate(activation[l], activations[l], pre[l], act[l]);
        }

        void backpropActivation(int l) {
            DenseLayerOps.backprop(activation[l], activations[l], pre[l], eps[l]);
        }

        private INDArray own(INDArray a) {
            owned.add(a);
            return a;
        }

        private PreparedOp prepare(CustomOp op) {
            PreparedOp prepared = new PreparedOp(op);
            natives.add(prepared);
            return prepared;
        }

        @Override
        public void close() {
            DenseLayerOps.closeAll(natives);
            owned.forEach(INDArray::close);
        }
    }

    private static MMulTranspose transpose(boolean a, boolean b) {
        return MMulTranspose.builder().transposeA(a).transposeB(b).build();
    }
}
