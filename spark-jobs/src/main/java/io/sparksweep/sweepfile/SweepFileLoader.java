package io.sparksweep.sweepfile;

import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.SweepDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a sweep file (YAML) and validates all of it. The first fault found is thrown as a
 * {@link SweepFileException} naming the file, the line and the key. The work is done by
 * {@link SweepYaml} (syntax, lines), {@link SweepFileValidator} (structure),
 * {@link HyperparameterValueReader} (values) and {@link io.sparksweep.space.SweepDefinition#sha256()} (hash).
 */
public final class SweepFileLoader {

    /** Planning more trials than this is almost surely a mistake in the file. */
    public static final long MAX_TRIALS = 100_000;

    private SweepFileLoader() {}

    /** Reads a sweep file of sparksweep's own networks: a {@code model:} block is refused ({@link ModelResolver#NONE}). */
    public static SweepDefinition load(Path path) {
        return load(path, ModelResolver.NONE);
    }

    /** Reads a sweep file whose {@code model.class}, if any, the resolver turns into its declaration. */
    public static SweepDefinition load(Path path, ModelResolver resolver) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepFileException(path.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new SweepFileException(path.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, path.toString(), resolver);
    }

    /** Parses sweep-file text; {@code file} names it in error messages. A {@code model:} block is refused. */
    public static SweepDefinition parse(String text, String file) {
        return parse(text, file, ModelResolver.NONE);
    }

    /**
     * Parses sweep-file text; {@code file} names it in error messages, the resolver turns
     * {@code model.class} into its declaration (until user models are wired, production passes
     * {@link ModelResolver#NONE}).
     */
    public static SweepDefinition parse(String text, String file, ModelResolver resolver) {
        SweepYaml yaml = SweepYaml.parse(text, file);
        return new SweepFileValidator(yaml.lines(), resolver).validate(yaml.root());
    }
}
