package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A custom op bound to its arrays and arguments with its native context built once.
 * {@code Nd4j.exec(op)} builds a context, copies every array's buffer and shape pointers and the
 * arguments into it, and frees it again on every call: async-profiler put that at ~14 % of a
 * 784-100-10 training step (plus the native malloc/free), for ops the fast steps run thousands of
 * times with the same arrays. Only for deterministic ops whose output arrays are given: the context
 * does not carry ND4J's random generator state forward.
 *
 * <p>It calls libnd4j's entry point directly, as {@code exec(op, context)} ends up doing: that method
 * also runs ND4J's profiling hooks, an environment query through JNI and a copy of the output list on
 * every call, and on a 6 000-image subset a short trial runs much of its time before the JIT compiler
 * has caught up with such Java code.
 */
final class PreparedOp implements AutoCloseable {

    private static final NativeOps NATIVE = NativeOpsHolder.getInstance().getDeviceNativeOps();

    private final CustomOp op;
    private final long hash;
    private final OpContext context;

    PreparedOp(CustomOp op) {
        if (op.outputArguments().isEmpty()) {
            throw new IllegalArgumentException(op.opName() + ": a prepared op needs its output arrays");
        }
        this.op = op;
        hash = op.opHash();
        context = Nd4j.getExecutioner().buildContext();
        context.shapeFunctionOverride(true); // the outputs are given: no shape calculation per call
        context.markInplace(op.isInplaceCall());
        context.setInputArrays(op.inputArguments());
        context.setOutputArrays(op.outputArguments());
        context.setBArguments(op.bArgs());
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setDArguments(op.dArgs());
    }

    void exec() {
        if (NATIVE.execCustomOp2(null, hash, context.contextPointer()) != 0) {
            throw new IllegalStateException("op " + op.opName() + " failed: " + NATIVE.lastErrorMessage());
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free the native context of " + op.opName(), e);
        }
    }
}
