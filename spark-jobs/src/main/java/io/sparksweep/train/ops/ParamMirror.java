package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A zeroed array laid out exactly like a network's flattened parameters, with views at the same
 * offsets, shapes and strides as each layer's W and b. Gradients or updater state kept in one lets
 * an elementwise update of every parameter run as one op over the whole flat array instead of two
 * per layer.
 */
final class ParamMirror implements AutoCloseable {

    final INDArray flat;
    final INDArray[] weights;
    final INDArray[] biases;

    ParamMirror(INDArray params, INDArray[] w, INDArray[] b) {
        flat = Nd4j.zeros(params.dataType(), params.shape());
        weights = new INDArray[w.length];
        biases = new INDArray[b.length];
        for (int l = 0; l < w.length; l++) {
            weights[l] = like(params, w[l]);
            biases[l] = like(params, b[l]);
        }
    }

    private INDArray like(INDArray params, INDArray view) {
        long offset = view.offset() - params.offset();
        if (view.data().address() != params.data().address()
                || offset < 0
                || offset + view.length() > params.length()) {
            throw new IllegalArgumentException("a parameter array is not a view of the network's flattened parameters");
        }
        return Nd4j.create(flat.data(), view.shape(), view.stride(), offset, view.ordering());
    }

    @Override
    public void close() {
        flat.close();
    }
}
