package io.sparksweep.space;

import java.util.List;

/** A {@link ModelResolver} over made-up classes, so sweeps of users' networks are tested without loading any. */
public final class FakeModels {

    /** Declares lr (real), blocks (int), activation (choice) and batch_norm (bool); trains on the sweep's dataset. */
    public static final String MY_MODEL = "com.example.MyModel";
    /** Declares lr only and brings its own data. */
    public static final String OWN_DATA = "com.example.OwnData";

    public static final DeclaredParameter LR = DeclaredParameter.real("lr", 1e-3, 1e-6, 1.0);
    public static final DeclaredParameter BLOCKS = DeclaredParameter.integer("blocks", 2, 1, 8);
    public static final DeclaredParameter ACTIVATION = DeclaredParameter.choice("activation", "relu", "relu", "tanh");
    public static final DeclaredParameter BATCH_NORM =
            DeclaredParameter.of(io.sparksweep.api.Param.bool("batch_norm", true));

    /** Knows {@link #MY_MODEL} and {@link #OWN_DATA}; refuses any other class as a real resolver would. */
    public static final ModelResolver RESOLVER = className -> switch (className) {
        case MY_MODEL -> new ModelSpec(MY_MODEL, List.of(LR, BLOCKS, ACTIVATION, BATCH_NORM), false);
        case OWN_DATA -> new ModelSpec(OWN_DATA, List.of(LR), true);
        default -> throw new ModelResolver.Refusal("no class " + className + " on the class path");
    };

    private FakeModels() {}
}
