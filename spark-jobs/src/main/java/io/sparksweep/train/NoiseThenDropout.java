package io.sparksweep.train;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Input noise, then dropout of the noisy input: what Keras does with a {@code GaussianNoise} layer
 * followed by {@code Dropout} (input_noise with input_dropout, or with a leading d&lt;rate&gt;), as one
 * DL4J input transform, since a DL4J layer takes one. Both draw from ND4J's generator, the noise first,
 * so {@code fit} and the fast steps, which call this same object, draw the same values.
 */
public final class NoiseThenDropout implements IDropout {

    private final IDropout noise;
    private final IDropout dropout;

    /** Also Jackson's creator: a network saved with this transform loads back. */
    @JsonCreator
    public NoiseThenDropout(@JsonProperty("noise") IDropout noise, @JsonProperty("dropout") IDropout dropout) {
        this.noise = noise;
        this.dropout = dropout;
    }

    public IDropout getNoise() {
        return noise;
    }

    public IDropout getDropout() {
        return dropout;
    }

    @Override
    public INDArray applyDropout(
            INDArray input, INDArray output, int iteration, int epoch, LayerWorkspaceMgr workspaceMgr) {
        INDArray noisy =
                workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), output.shape(), output.ordering());
        noise.applyDropout(input, noisy, iteration, epoch, workspaceMgr);
        return dropout.applyDropout(noisy, output, iteration, epoch, workspaceMgr);
    }

    /** The dropout's mask, then the noise's (salt and pepper: 0 where a value was replaced). */
    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        dropout.backprop(gradAtOutput, gradAtInput, iteration, epoch);
        return noise.backprop(gradAtInput, gradAtInput, iteration, epoch);
    }

    @Override
    public void clear() {
        noise.clear();
        dropout.clear();
    }

    @Override
    public IDropout clone() {
        return new NoiseThenDropout(noise.clone(), dropout.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseThenDropout n && n.noise.equals(noise) && n.dropout.equals(dropout);
    }

    @Override
    public int hashCode() {
        return 31 * noise.hashCode() + dropout.hashCode();
    }

    @Override
    public String toString() {
        return "NoiseThenDropout(" + noise + ", " + dropout + ")";
    }
}
