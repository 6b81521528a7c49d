package io.sparksweep.sweepfile;

import io.sparksweep.space.FakeModels;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.SweepDefinition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code model: {class: ...}} block: a user's network with its declared parameters. */
class UserModelSweepFileTest {

    private static final String VALID = """
            name: mine
            dataset: mnist
            model: {class: com.example.MyModel}
            method: random
            samples: 4
            fixed:
              epochs: 3
              batch_norm: false
            search:
              lr: {distribution: log_uniform, min: 1.0e-4, max: 0.1}
              blocks: {distribution: int_uniform, min: 1, max: 4}
              activation: {values: [relu, tanh]}
            """;

    private static SweepDefinition parse(String text) {
        return SweepFileLoader.parse(text, "u.yaml", FakeModels.RESOLVER);
    }

    @Test
    void readsTheDeclaredParametersTyped() {
        SweepDefinition s = parse(VALID);
        assertEquals(FakeModels.MY_MODEL, s.modelName());
        assertEquals(3, s.fixed().get(Hyperparameter.EPOCHS));
        assertEquals("false", s.fixed().get(FakeModels.BATCH_NORM), "a YAML boolean is the word, as normalize_input");
        ParamSpec.Range lr = (ParamSpec.Range) s.search().get(0);
        assertEquals(FakeModels.LR, lr.parameter());
        assertEquals(1e-4, lr.min());
        assertEquals(FakeModels.BLOCKS, s.search().get(1).parameter());
        assertEquals(List.of("relu", "tanh"), ((ParamSpec.Values) s.search().get(2)).values());
        assertEquals(
                List.of("epochs", "batch_size", "lr", "blocks", "activation", "batch_norm"),
                s.vocabulary().stream().map(k -> k.key()).toList());
        assertEquals(FakeModels.BLOCKS, s.parameter("blocks").orElseThrow());
        assertTrue(s.parameter("width").isEmpty());
    }

    @Test
    void aModelThatSuppliesItsDataNeedsNoDataset() {
        SweepDefinition s =
                parse("name: own\nmodel: {class: com.example.OwnData}\nsearch:\n  lr: {values: [0.1, 0.2]}\n");
        assertNull(s.dataset());
        assertTrue(s.canonicalJson().contains("\"dataset\":\"model\""), s.canonicalJson());
    }

    @Test
    void theHashCoversTheModelAndItsDeclarations() {
        SweepDefinition s = parse(VALID);
        assertTrue(
                s.canonicalJson()
                        .contains("\"model\":{\"class\":\"com.example.MyModel\",\"parameters\":[{\"default\":0.001,"
                                + "\"kind\":\"REAL\",\"max\":1.0,\"min\":1.0E-6,\"name\":\"lr\"}"),
                s.canonicalJson());
        ModelResolver wider = c -> {
            var spec = FakeModels.RESOLVER.resolve(c);
            return new io.sparksweep.space.ModelSpec(
                    c,
                    List.of(
                            io.sparksweep.space.DeclaredParameter.real("lr", 1e-3, 1e-6, 2.0),
                            FakeModels.BLOCKS,
                            FakeModels.ACTIVATION,
                            FakeModels.BATCH_NORM),
                    spec.suppliesData());
        };
        assertNotEquals(
                s.sha256(),
                SweepFileLoader.parse(VALID, "u.yaml", wider).sha256(),
                "a changed declaration changes the hash, so a resume is refused");
        assertTrue(
                !SweepFileLoader.parse("name: b\ndataset: mnist\n", "b.yaml")
                        .canonicalJson()
                        .contains("\"model\":{"),
                "a built-in sweep has no model entry");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "built-in key in a user sweep",
                        VALID.replace("  batch_norm: false", "  width: 100"),
                        8,
                        "fixed.width: belongs to sparksweep's own networks, not com.example.MyModel; declared by "
                                + "com.example.MyModel: lr, blocks, activation, batch_norm; sweep-level: epochs, batch_size"),
                Arguments.of(
                        "undeclared name",
                        VALID.replace("  activation: {values: [relu, tanh]}", "  depth: {values: [1, 2]}"),
                        12,
                        "search.depth: unknown parameter; declared by com.example.MyModel: lr, blocks, activation, "
                                + "batch_norm; sweep-level: epochs, batch_size"),
                Arguments.of(
                        "fixed value out of the declared range",
                        VALID.replace("  batch_norm: false", "  lr: 2.0").replace("  lr: {distribution", "  xx: {d"),
                        8,
                        "fixed.lr: must be between 1.0E-6 and 1.0 (got 2.0)"),
                Arguments.of(
                        "range beyond the declaration",
                        VALID.replace("max: 4}", "max: 9}"),
                        11,
                        "search.blocks.max: must be between 1 and 8 (got 9)"),
                Arguments.of(
                        "a real for an integer",
                        VALID.replace("  batch_norm: false", "  blocks: 2.5"),
                        8,
                        "fixed.blocks: must be an integer"),
                Arguments.of(
                        "a word not among the choices",
                        VALID.replace("[relu, tanh]", "[relu, gelu]"),
                        12,
                        "search.activation.values[1]: must be one of relu, tanh (got gelu)"),
                Arguments.of(
                        "a bool that is not true or false",
                        VALID.replace("  batch_norm: false", "  batch_norm: maybe"),
                        8,
                        "fixed.batch_norm: must be one of true, false (got maybe)"),
                Arguments.of(
                        "a distribution over a choice",
                        VALID.replace(
                                        "[relu, tanh]}",
                                        "[relu, tanh]}\n  batch_norm: {distribution: uniform, min: 0, max: 1}")
                                .replace("  batch_norm: false\n", ""),
                        12,
                        "search.batch_norm.distribution: batch_norm takes values only (one of true, false)"),
                Arguments.of(
                        "no dataset for a model that trains on the sweep's",
                        VALID.replace("dataset: mnist\n", ""),
                        0,
                        "missing required key 'dataset'"),
                Arguments.of(
                        "a dataset for a model that brings its own",
                        VALID.replace("com.example.MyModel", "com.example.OwnData")
                                .replace("  batch_norm: false\n", "")
                                .replace("  blocks: {distribution: int_uniform, min: 1, max: 4}\n", "")
                                .replace("  activation: {values: [relu, tanh]}\n", ""),
                        2,
                        "dataset: com.example.OwnData supplies its own data; remove dataset:"),
                Arguments.of(
                        "a class the resolver refuses",
                        VALID.replace("com.example.MyModel", "com.example.Missing"),
                        3,
                        "model.class: no class com.example.Missing on the class path"),
                Arguments.of(
                        "model not a mapping",
                        VALID.replace("{class: com.example.MyModel}", "x.Y"),
                        3,
                        "model: must be a mapping"),
                Arguments.of(
                        "unknown key under model",
                        VALID.replace("{class: com.example.MyModel}", "{class: com.example.MyModel, jar: x.jar}"),
                        3,
                        "model.jar: unknown key; expected class"),
                Arguments.of(
                        "robustness with a user model",
                        VALID + "robustness: {gaussian: [0.1]}\n",
                        13,
                        "robustness: is not available for a user's network"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithFileLineKeyAndReason(String what, String text, int line, String message) {
        SweepFileException e = assertThrows(SweepFileException.class, () -> parse(text));
        assertEquals(line, e.line(), "line of: " + e.getMessage());
        String prefix = line > 0 ? "u.yaml:" + line + ": " : "u.yaml: ";
        assertTrue(
                e.getMessage().startsWith(prefix + message),
                () -> "expected '" + prefix + message + "...' but got '" + e.getMessage() + "'");
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void withoutAResolverAModelIsRefusedInOneLine() {
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFileLoader.parse(VALID, "u.yaml"));
        assertEquals(
                "u.yaml:3: model.class: user models are not enabled yet (class com.example.MyModel)", e.getMessage());
    }
}
