package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The off-heap arrays and native op contexts of one pass of a fast step, freed together when the
 * pass is: nothing may wait for JavaCPP's garbage-collector-driven deallocation, which the launcher
 * turns off.
 */
public final class OpArena implements AutoCloseable {

    private final List<INDArray> arrays = new ArrayList<>();
    private final List<AutoCloseable> natives = new ArrayList<>();

    public INDArray own(INDArray a) {
        arrays.add(a);
        return a;
    }

    PreparedOp prepare(CustomOp op) {
        return add(new PreparedOp(op));
    }

    /** Something with a native context of its own (a prebuilt activation); null passes through. */
    <T extends AutoCloseable> T add(T contexts) {
        if (contexts != null) {
            natives.add(contexts);
        }
        return contexts;
    }

    @Override
    public void close() {
        for (AutoCloseable c : natives) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        arrays.forEach(INDArray::close);
    }
}
