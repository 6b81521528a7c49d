package io.sparksweep.space;

/**
 * Turns the class named under a sweep file's {@code model.class} into its {@link ModelSpec}. Pure
 * here; the implementation that loads user classes lives with the training code and is injected
 * into the sweep-file loader.
 */
public interface ModelResolver {

    /** Refuses every class: user models are not enabled in this build. */
    ModelResolver NONE = className -> {
        throw new Refusal("user models are not enabled yet (class " + className + ")");
    };

    /**
     * The class's declaration.
     *
     * @throws Refusal why the class cannot be used, in one line (shown at {@code model.class})
     */
    ModelSpec resolve(String className);

    /** A class the resolver cannot use; the message is shown at the sweep file's {@code model.class}. */
    final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refusal(String message) {
            super(message);
        }
    }
}
