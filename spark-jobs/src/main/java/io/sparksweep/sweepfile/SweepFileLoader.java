package io.sparksweep.sweepfile;

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

    public static SweepDefinition load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepFileException(path.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new SweepFileException(path.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    /** Parses sweep-file text; {@code file} names it in error messages. */
    public static SweepDefinition parse(String text, String file) {
        SweepYaml yaml = SweepYaml.parse(text, file);
        return new SweepFileValidator(yaml.lines()).validate(yaml.root());
    }
}
