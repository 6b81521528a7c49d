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
 * from sparksweep's own loader), makes an instance and reads its declarations (parameters and metrics). Every way a class can
 * be unusable is one line, shown at {@code model.class} before anything is written.
 */
public final class UserModels implements ModelResolver {

    /** The resolver sweeps run with. */
    public static final UserModels RESOLVER = new UserModels();

    private UserModels() {}

    @Override
    public ModelSpec resolve(String className) {
        SweepModel model = instantiate(className);
        List<Param> params;
        try {
            params = model.parameters();
        } catch (RuntimeException e) {
            throw new Refusal(className + ".parameters() threw " + firstLine(e));
        }
        if (params == null) {
            throw new Refusal(className + ".parameters() returned null; return List.of() for none");
        }
        List<DeclaredParameter> declared = new ArrayList<>();
        for (Param p : params) {
            try {
                declared.add(DeclaredParameter.of(p));
            } catch (RuntimeException e) {
                throw new Refusal(className + " declares " + p + ": " + firstLine(e));
            }
        }
        return new ModelSpec(className, declared, model instanceof SuppliesData, metrics(className, model));
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
            throw new Refusal("no class " + className + " on the class path; give its jar with --jars");
        } catch (LinkageError | RuntimeException e) {
            throw new Refusal(className + " cannot be loaded: " + firstLine(e));
        }
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
