package io.sparksweep.train;

import io.sparksweep.api.Metric;
import io.sparksweep.api.Param;
import io.sparksweep.api.SuppliesData;
import io.sparksweep.api.SweepModel;
import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelSpec;
import io.sparksweep.store.DeclaredMetricColumns;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The production {@link ModelResolver}: loads the class a sweep file names under {@code model.class}
 * through the thread's context class loader (which holds {@code --jars}; never {@code Class.forName}
 * from sparksweep's own loader), makes an instance and reads its declarations (parameters and
 * metrics). Every way a class can be unusable is one line, shown at {@code model.class} before
 * anything is written. A model handed over in code ({@code api.Sweeps.model}) is resolved by
 * {@link #resolverFor}.
 */
public final class UserModels implements ModelResolver {

    /** The resolver sweeps run with. */
    public static final UserModels RESOLVER = new UserModels();

    private UserModels() {}

    @Override
    public ModelSpec resolve(String className) {
        return spec(className, instantiate(className));
    }

    /**
     * The resolver of a sweep whose model was given in code: the sweep's {@code model.class} must be
     * the source's name (Sweeps adds it when the file has none).
     */
    public static ModelResolver resolverFor(ModelSource source) {
        return name -> {
            if (!name.equals(source.name())) {
                throw new Refusal("the sweep names " + name + ", but the model given to Sweeps.model is "
                        + source.name() + "; remove model: from the sweep, or name " + source.name());
            }
            return spec(name, source.newInstance());
        };
    }

    /** The model's declarations, each checked; {@code name} is what messages call it. */
    private static ModelSpec spec(String name, SweepModel model) {
        List<Param> params;
        try {
            params = model.parameters();
        } catch (RuntimeException e) {
            throw new Refusal(name + ".parameters() threw " + firstLine(e));
        }
        if (params == null) {
            throw new Refusal(name + ".parameters() returned null; return List.of() for none");
        }
        List<DeclaredParameter> declared = new ArrayList<>();
        for (Param p : params) {
            try {
                declared.add(DeclaredParameter.of(p));
            } catch (RuntimeException e) {
                throw new Refusal(name + " declares " + p + ": " + firstLine(e));
            }
        }
        return new ModelSpec(name, declared, model instanceof SuppliesData, metrics(name, model));
    }

    /**
     * The metrics the class declares, checked as its parameters are: a throwing or null
     * {@code metrics()}, a null entry, a name used twice, or one whose column sparksweep already
     * writes is refused (a bad name is refused by {@link Metric} itself, inside {@code metrics()}).
     */
    private static List<DeclaredMetric> metrics(String className, SweepModel model) {
        List<Metric> metrics;
        try {
            metrics = model.metrics();
        } catch (RuntimeException e) {
            throw new Refusal(className + ".metrics() threw " + firstLine(e));
        }
        if (metrics == null) {
            throw new Refusal(className + ".metrics() returned null; return List.of() for none");
        }
        List<DeclaredMetric> declared = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            if (m == null) {
                throw new Refusal(className + ".metrics() holds a null");
            }
            if (!names.add(m.name())) {
                throw new Refusal(className + " declares the metric " + m.name() + " twice");
            }
            String clash = DeclaredMetricColumns.clash(m.name());
            if (clash != null) {
                throw new Refusal(className + "'s metric " + m.name() + " would be stored as " + clash
                        + ", a column sparksweep writes itself; give it another name");
            }
            declared.add(new DeclaredMetric(m.name(), m.isHigherBetter()));
        }
        return declared;
    }

    /** The class a sweep file names, loaded by name wherever a trial runs (only the name travels). */
    public static ModelSource byName(String className) {
        return new NamedClass(className);
    }

    /**
     * A class handed over in code: made from the class itself on the driver (whatever loader defined
     * it), by name on the executors.
     */
    public static ModelSource of(Class<? extends SweepModel> cls) {
        return new GivenClass(cls);
    }

    private record NamedClass(String name) implements ModelSource {
        @Override
        public SweepModel newInstance() {
            return instantiate(name);
        }
    }

    private static final class GivenClass implements ModelSource {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final transient Class<?> cls; // null once deserialized on an executor

        GivenClass(Class<? extends SweepModel> cls) {
            this.name = cls.getName();
            this.cls = cls;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SweepModel newInstance() {
            return cls == null ? instantiate(name) : construct(cls, name);
        }
    }

    /**
     * A new instance of the class, through its public no-argument constructor (one per trial, so a
     * model may keep state of its own).
     *
     * @throws Refusal the class is missing, not a {@link SweepModel}, or cannot be constructed
     */
    public static SweepModel instantiate(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = UserModels.class.getClassLoader();
        }
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new Refusal("no class " + className + " on the class path; give its jar with --jars"
                    + " (a model made in code runs only through Sweeps.model)");
        } catch (LinkageError | RuntimeException e) {
            throw new Refusal(className + " cannot be loaded: " + firstLine(e));
        }
        return construct(cls, className);
    }

    private static SweepModel construct(Class<?> cls, String className) {
        if (!SweepModel.class.isAssignableFrom(cls)) {
            throw new Refusal(className + " does not implement " + SweepModel.class.getName());
        }
        try {
            return (SweepModel) cls.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new Refusal(className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new Refusal(className + "'s constructor threw " + firstLine(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new Refusal(className + " cannot be constructed: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable t) {
        String message =
                t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
