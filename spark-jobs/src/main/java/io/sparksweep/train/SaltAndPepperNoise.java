package io.sparksweep.train;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Salt-and-pepper input noise as a DL4J input transform (like its {@code GaussianNoise}): each
 * value is independently replaced, with probability {@code level}, by 0 or 1 with equal chance,
 * and kept otherwise. Level 0 is the identity, level 1 pure noise.
 *
 * <p>One uniform draw u per value from ND4J's generator (the trial seeds it, so a trial is
 * reproducible, and {@code fit} and the fast steps draw the same noise): u &le; level/2 gives 0,
 * level/2 &lt; u &le; level gives 1, u &gt; level keeps the value. Applied at training time only,
 * as every DL4J dropout.
 *
 * <p>Seed 004's notebook draws {@code a ~ Bernoulli(noise_level)} and keeps a pixel when a = 1:
 * its "noise level 0.4" replaces 60 % of the pixels, level 0.6 here.
 */
public final class SaltAndPepperNoise implements IDropout {

    private final double level;
    /** 1 where the last application kept the value, 0 where it replaced it: the input gradient's mask. */
    private transient INDArray keep;

    /** Also Jackson's creator: a network saved with this noise (ModelSerializer, kept models) loads back. */
    @JsonCreator
    public SaltAndPepperNoise(@JsonProperty("level") double level) {
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("salt-and-pepper level must be in [0, 1] (got " + level + ")");
        }
        this.level = level;
    }

    public double getLevel() {
        return level;
    }

    @Override
    public INDArray applyDropout(
            INDArray input, INDArray output, int iteration, int epoch, LayerWorkspaceMgr workspaceMgr) {
        keep = workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), output.shape(), output.ordering());
        INDArray ones =
                workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), output.shape(), output.ordering());
        apply(input, output, keep, ones, level);
        return output;
    }

    /**
     * output = input with a fraction {@code level} of its values replaced by 0 or 1; {@code keep}
     * and {@code scratch} (shaped like output) receive the keep mask and the 1s written.
     * {@code output} may be {@code input}. Draws one uniform number per value from ND4J's generator.
     */
    static void apply(INDArray input, INDArray output, INDArray keep, INDArray scratch, double level) {
        if (level == 0) { // exact identity, and no draw: u could be 0
            keep.assign(1);
            if (output != input) {
                output.assign(input);
            }
            return;
        }
        Nd4j.getExecutioner().exec(new UniformDistribution(scratch, 0.0, 1.0));
        Nd4j.exec(new Step(scratch, keep, level)); // keep = u > level
        Nd4j.exec(new Step(scratch, scratch, level / 2)); // u > level / 2
        Nd4j.exec(new SubOp(scratch, keep, scratch)); // 1 where level/2 < u <= level: replaced by 1
        Nd4j.exec(new MulOp(input, keep, output)); // kept values exactly, 0 where replaced
        Nd4j.exec(new AddOp(output, scratch, output));
    }

    /** The input gradient: the output's where the value was kept, 0 where it was replaced by a constant. */
    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (keep == null) {
            throw new IllegalStateException("salt-and-pepper backprop without a forward pass");
        }
        Nd4j.exec(new MulOp(gradAtOutput, keep, gradAtInput));
        keep = null;
        return gradAtInput;
    }

    @Override
    public void clear() {
        keep = null;
    }

    @Override
    public IDropout clone() {
        return new SaltAndPepperNoise(level);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaltAndPepperNoise s && s.level == level;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(level);
    }

    @Override
    public String toString() {
        return "SaltAndPepperNoise(level=" + level + ")";
    }
}
