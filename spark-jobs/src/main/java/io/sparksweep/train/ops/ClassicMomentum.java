package io.sparksweep.train.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * SGD with classic momentum, as Keras' {@code SGD(momentum=m)}: v = m·v − lr·g, w = w + v.
 * DL4J only ships Nesterov momentum ({@code Nesterovs}), a different update; seed 003 uses the
 * classic one. Public with a JSON creator: a stored network's configuration names it, and
 * {@code ModelSerializer.restoreMultiLayerNetwork} must be able to build it back.
 */
public final class ClassicMomentum implements IUpdater {

    private double learningRate;
    private ISchedule schedule;
    private final double momentum;

    @JsonCreator
    public ClassicMomentum(
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("schedule") ISchedule schedule,
            @JsonProperty("momentum") double momentum) {
        this.learningRate = learningRate;
        this.schedule = schedule;
        this.momentum = momentum;
    }

    @JsonProperty("momentum")
    double momentum() {
        return momentum;
    }

    @JsonProperty("learningRate")
    double learningRate() {
        return learningRate;
    }

    @JsonProperty("schedule")
    ISchedule schedule() {
        return schedule;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        if (initializeViewArray) {
            viewArray.assign(0);
        }
        return new Updater(this, viewArray);
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        return instantiate(state.get("V"), initializeStateArrays);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule == null ? learningRate : schedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.schedule = lrSchedule;
    }

    @Override
    public ClassicMomentum clone() {
        return new ClassicMomentum(learningRate, schedule == null ? null : schedule.clone(), momentum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicMomentum c
                && c.learningRate == learningRate
                && c.momentum == momentum
                && Objects.equals(c.schedule, schedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum, schedule);
    }

    /** The velocity lives in DL4J's updater state view; DL4J subtracts what applyUpdater leaves in the gradient. */
    private static final class Updater implements GradientUpdater<ClassicMomentum> {
        private final ClassicMomentum config;
        private INDArray velocity;

        Updater(ClassicMomentum config, INDArray velocity) {
            this.config = config;
            this.velocity = velocity;
        }

        @Override
        public ClassicMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            velocity = state.get("V");
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("V", velocity);
        }

        @Override
        public void setStateViewArray(
                INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            velocity = viewArray.reshape(gradientOrder, gradientShape);
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            velocity.muli(config.momentum).subi(gradient.muli(lr)); // v = m·v − lr·g
            gradient.assign(velocity).negi(); // DL4J then does w −= gradient, i.e. w += v
        }
    }
}
