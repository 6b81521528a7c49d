package io.sparksweep.train;

import io.sparksweep.api.SweepModel;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.util.RefusedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A model made in code ({@code Sweeps.model(instance)}, {@code SweepModel.of(..)}), serialized once on
 * the driver. Only its bytes travel with the task; each trial reads a fresh copy, so a model keeps no
 * state from one trial to the next, as one made by its class's constructor.
 */
public final class SerializedModel implements ModelSource {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final byte[] bytes;

    private SerializedModel(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /**
     * The instance's bytes, taken now: later changes to it (or to what it captured) are not seen.
     *
     * @param name what the sweep calls it (its {@code model.class})
     * @throws RefusedException the instance, or something it holds, is not serializable
     */
    public static SerializedModel of(String name, SweepModel model) {
        if (!(model instanceof Serializable)) {
            String cls = model.getClass().getName();
            throw new RefusedException("model " + name + (name.equals(cls) ? "" : " (" + cls + ")")
                    + " is not Serializable: implement java.io.Serializable, or make it with SweepModel.of");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(model);
        } catch (NotSerializableException e) {
            // the message is the class that is not serializable: a lambda's capture or a field
            throw new RefusedException("model " + name + " cannot be sent to the executors: it holds a "
                    + e.getMessage() + ", which is not Serializable (captured by its builder, or a field of it)");
        } catch (IOException | RuntimeException e) {
            throw new RefusedException("model " + name + " cannot be serialized: " + firstLine(e));
        }
        return new SerializedModel(name, buf.toByteArray());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SweepModel newInstance() {
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (SweepModel) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new ModelResolver.Refusal("model " + name + " cannot be read here: no class " + e.getMessage()
                    + " on the class path; give its jar with --jars");
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new ModelResolver.Refusal("model " + name + " cannot be read here: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable t) {
        String message =
                t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /**
     * Resolves classes through the thread's context class loader, which holds the user's jars on an
     * executor; plain {@code ObjectInputStream} would use the loader of sparksweep's own code.
     */
    private static final class ContextObjectInputStream extends ObjectInputStream {

        ContextObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // primitives and what only sparksweep's loader sees: the default below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
