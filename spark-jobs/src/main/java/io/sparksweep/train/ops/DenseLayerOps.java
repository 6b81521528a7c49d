package io.sparksweep.train.ops;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer's activation and its backprop ({@link Prebuilt} ops for plain ReLU and tanh, DL4J's
 * activation object otherwise): the per-layer pieces of the {@link DenseTail} both fast steps end in.
 */
final class DenseLayerOps {

    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();

    private DenseLayerOps() {}

    /** act = activation(pre): the prebuilt ops when there are some. */
    static void activate(Prebuilt prebuilt, IActivation activation, INDArray pre, INDArray act) {
        if (prebuilt != null) {
            prebuilt.forward();
            return;
        }
        act.assign(pre);
        activation.getActivation(act, true);
    }

    /** Turns eps (the gradient wrt the layer's output) into pre (the gradient wrt its pre-activation). */
    static void backprop(Prebuilt prebuilt, IActivation activation, INDArray pre, INDArray eps) {
        if (prebuilt != null) {
            prebuilt.backward();
            return;
        }
        INDArray grad = activation.backprop(pre, eps).getFirst();
        if (grad != pre) {
            pre.assign(grad);
        }
    }

    /**
     * A dense layer's activation (pre → act) and its backprop (eps → pre) as ops built once per pass
     * and re-executed, for the seeds' activations. ReLU: legacy ReLU/Step/Mul ops, several times
     * faster than the relu / relu_bp custom ops; the backward pass reuses act, which the layer above
     * has finished with, as the derivative mask (act > 0 iff pre > 0). Tanh: libnd4j's tanh / tanh_bp
     * custom ops, which the oneDNN build runs through oneDNN (100×100 floats, one thread: 10 µs against
     * 44 µs for the legacy Tanh op that DL4J's ActivationTanH builds on every call; the values agree
     * within 2e-7).
     */
    static final class Prebuilt implements AutoCloseable {
        private final Runnable forward;
        private final Runnable backward;
        private final PreparedOp[] prepared;

        private Prebuilt(Runnable forward, Runnable backward, PreparedOp... prepared) {
            this.forward = forward;
            this.backward = backward;
            this.prepared = prepared;
        }

        /** The ops for this activation, or null when it has none (then DL4J's activation object runs). */
        static Prebuilt of(IActivation activation, INDArray pre, INDArray act, INDArray eps) {
            if (PLAIN_RELU.equals(activation)) {
                RectifiedLinear relu = new RectifiedLinear(pre, act, 0.0);
                Step mask = new Step(act, act, 0.0);
                PreparedOp times = new PreparedOp(new MulOp(eps, act, pre));
                return new Prebuilt(
                        () -> Nd4j.exec(relu),
                        () -> {
                            Nd4j.exec(mask);
                            times.exec();
                        },
                        times);
            }
            if (activation.getClass() == ActivationTanH.class) {
                PreparedOp tanh = new PreparedOp(DynamicCustomOp.builder("tanh")
                        .addInputs(pre)
                        .addOutputs(act)
                        .build());
                PreparedOp tanhBp = new PreparedOp(DynamicCustomOp.builder("tanh_bp")
                        .addInputs(pre, eps)
                        .addOutputs(pre)
                        .build());
                return new Prebuilt(tanh::exec, tanhBp::exec, tanh, tanhBp);
            }
            return null;
        }

        void forward() {
            forward.run();
        }

        void backward() {
            backward.run();
        }

        @Override
        public void close() {
            for (PreparedOp op : prepared) {
                op.close();
            }
        }
    }
}
