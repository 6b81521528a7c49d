package io.sparksweep.train;

import io.sparksweep.api.SweepModel;

import java.io.Serializable;

/**
 * Where a sweep's user network comes from: a class named in the sweep file (loaded by name, as
 * {@code --jars} needs), a class handed to {@code Sweeps.model(Class)}, or an instance handed to
 * {@code Sweeps.model(SweepModel)}, carried to the executors as bytes. It travels inside the Spark
 * task, hence serializable; every trial asks it for a fresh model.
 */
public interface ModelSource extends Serializable {

    /** What the sweep calls the model: its {@code model.class}, the {@code model_class} column. */
    String name();

    /**
     * A new model, one per trial (and per configuration the driver's probe builds).
     *
     * @throws io.sparksweep.space.ModelResolver.Refusal why no model can be made, in one line
     */
    SweepModel newInstance();
}
