package io.sparksweep.sweepfile;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.space.TableSpec;
import io.sparksweep.space.TpeSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepFileLoaderTest {

    private static final String VALID = """
            name: lr-width
            dataset: mnist
            method: grid
            repeats: 3
            seed: 42
            fixed:
              epochs: 10
              batch_size: 128
            search:
              learning_rate: {values: [0.001, 0.01, 0.1, 1.0]}
              width: {values: [10, 100, 1000]}
              input_noise: {values: [0.1, 1.0]}
            """;

    @Test
    void readsAValidFile() {
        SweepDefinition s = SweepFileLoader.parse(VALID, "lr.yaml");
        assertEquals("lr-width", s.name());
        assertEquals(new DatasetSpec("mnist", null), s.dataset());
        assertEquals(SearchMethod.GRID, s.method());
        assertEquals(3, s.repeats());
        assertEquals(42L, s.seed());
        assertEquals(10, s.fixed().get(Hyperparameter.EPOCHS));
        assertEquals(3, s.search().size());
        ParamSpec.Values lr = (ParamSpec.Values) s.search().get(0);
        assertEquals(Hyperparameter.LEARNING_RATE, lr.parameter());
        assertEquals(List.of(0.001, 0.01, 0.1, 1.0), lr.values());
        assertEquals(List.of(10, 100, 1000), ((ParamSpec.Values) s.search().get(1)).values());
    }

    @Test
    void readsARandomSearchWithDistributions() {
        SweepDefinition s = SweepFileLoader.parse("""
                name: r
                dataset: idx:hdfs://nn/data/mnist
                method: random
                samples: 20
                search:
                  l2: {distribution: log_uniform, min: 1.0e-6, max: 1e-3}
                  learning_rate: {distribution: uniform, min: 0.01, max: 0.5}
                  width: {distribution: int_uniform, min: 10, max: 1000}
                  activation: {values: [relu, tanh]}
                """, "r.yaml");
        assertEquals(SearchMethod.RANDOM, s.method());
        assertEquals(20, s.samples());
        assertEquals(new DatasetSpec("idx", "hdfs://nn/data/mnist"), s.dataset());
        ParamSpec.Range l2 = (ParamSpec.Range) s.search().get(0);
        assertEquals(ParamSpec.Distribution.LOG_UNIFORM, l2.distribution());
        assertEquals(1e-6, l2.min());
        assertEquals(1e-3, l2.max(), "1e-3 is text in YAML 1.1 and must still be read as a number");
    }

    private static final String TPE = """
            name: x
            dataset: mnist
            method: tpe
            samples: 20
            tpe:
              startup: 5
              candidates: 12
              constant_liar: false
            search:
              l2: {distribution: log_uniform, min: 1.0e-6, max: 1.0e-3}
              width: {distribution: int_uniform, min: 16, max: 512}
              activation: {values: [relu, tanh]}
            """;

    @Test
    void readsATpeSearchWithItsSettings() {
        SweepDefinition s = SweepFileLoader.parse(TPE, "t.yaml");
        assertEquals(SearchMethod.TPE, s.method());
        assertEquals(20, s.samples());
        assertEquals(new TpeSettings(5, 12, false), s.tpe());
        assertEquals(
                ParamSpec.Distribution.INT_UNIFORM,
                ((ParamSpec.Range) s.search().get(1)).distribution());
    }

    @Test
    void tpeSettingsDefaultToOptunasAndCountInTheHash() {
        String noBlock = TPE.replace("tpe:\n  startup: 5\n  candidates: 12\n  constant_liar: false\n", "");
        SweepDefinition d = SweepFileLoader.parse(noBlock, "t.yaml");
        assertEquals(new TpeSettings(10, 24, true), d.tpe());
        assertEquals(
                d.sha256(),
                SweepFileLoader.parse(noBlock.replace("search:", "tpe: {}\nsearch:"), "t.yaml")
                        .sha256(),
                "an empty block is the defaults");
        assertEquals(
                d.sha256(),
                SweepFileLoader.parse(
                                noBlock.replace(
                                        "search:", "tpe: {startup: 10, candidates: 24, constant_liar: true}\nsearch:"),
                                "t.yaml")
                        .sha256());
        String sha = SweepFileLoader.parse(TPE, "t.yaml").sha256();
        assertNotEquals(d.sha256(), sha);
        for (String changed : List.of(
                TPE.replace("startup: 5", "startup: 6"),
                TPE.replace("candidates: 12", "candidates: 13"),
                TPE.replace("constant_liar: false", "constant_liar: true"))) {
            assertNotEquals(sha, SweepFileLoader.parse(changed, "t.yaml").sha256(), changed);
        }
        assertNotEquals(
                d.sha256(),
                SweepFileLoader.parse(noBlock.replace("method: tpe", "method: random"), "t.yaml")
                        .sha256());
        assertEquals(null, SweepFileLoader.parse(VALID, "v.yaml").tpe(), "grid has no tpe settings");
    }

    @Test
    void hashIgnoresCommentsAndLayoutButNotValues() {
        String reformatted = "# a comment\n" + VALID.replace("seed: 42", "seed:   42   # the seed");
        assertEquals(
                SweepFileLoader.parse(VALID, "a").sha256(),
                SweepFileLoader.parse(reformatted, "b").sha256());
        assertNotEquals(
                SweepFileLoader.parse(VALID, "a").sha256(),
                SweepFileLoader.parse(VALID.replace("repeats: 3", "repeats: 4"), "a")
                        .sha256());
    }

    private static final String TABLE = "dataset:\n  format: csv\n  path: /data/t.csv\n  label: y\n";

    @Test
    void tableBlock() {
        SweepDefinition s = SweepFileLoader.parse(
                VALID.replace(
                        "dataset: mnist",
                        TABLE + "  features: [a/b, c]\n  validation_fraction: 0.1\n  missing: drop\n"),
                "t.yaml");
        TableSpec t = s.dataset().table();
        assertEquals("csv", t.format());
        assertEquals(List.of("a/b", "c"), t.features());
        assertEquals(0.2, t.testFraction());
        assertEquals(0.1, t.validationFraction());
        assertTrue(t.standardize());
        assertTrue(t.dropMissing());
        assertEquals(null, t.task(), "from the label's type");
        SweepDefinition m = SweepFileLoader.parse(
                VALID.replace("dataset: mnist", "dataset: {name: mnist, validation_fraction: 0.1}"), "m.yaml");
        assertEquals("mnist", m.dataset().name());
        assertEquals(0.1, m.dataset().validationFraction());
        assertNotEquals(m.sha256(), SweepFileLoader.parse(VALID, "v").sha256());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown top-level key", VALID + "epochz: 3\n", 13, "epochz: unknown key"),
                Arguments.of(
                        "unknown hyperparameter",
                        VALID.replace("  batch_size: 128", "  batch_sise: 128"),
                        8,
                        "fixed.batch_sise: unknown hyperparameter"),
                Arguments.of(
                        "wrong type for repeats",
                        VALID.replace("repeats: 3", "repeats: three"),
                        4,
                        "repeats: must be an integer (got 'three')"),
                Arguments.of(
                        "wrong type for a value",
                        VALID.replace("[10, 100, 1000]", "[10, wide, 1000]"),
                        11,
                        "search.width.values[1]: must be an integer (got 'wide')"),
                Arguments.of(
                        "fractional integer",
                        VALID.replace("epochs: 10", "epochs: 2.5"),
                        7,
                        "fixed.epochs: must be an integer (got 2.5)"),
                Arguments.of("min greater than max", """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        search:
                          l2:
                            distribution: uniform
                            min: 0.1
                            max: 0.01
                        """, 8, "search.l2.min: min 0.1 is greater than max 0.01"),
                Arguments.of(
                        "non-positive learning rate",
                        VALID.replace("0.001, 0.01", "-0.001, 0.01"),
                        10,
                        "search.learning_rate.values[0]: must be > 0 (got -0.001)"),
                Arguments.of(
                        "zero learning rate fixed",
                        VALID.replace("  epochs: 10", "  epochs: 10\n  learning_rate: 0")
                                .replace("  learning_rate: {values: [0.001, 0.01, 0.1, 1.0]}\n", ""),
                        8,
                        "fixed.learning_rate: must be > 0 (got 0.0)"),
                Arguments.of(
                        "repeats below one",
                        VALID.replace("repeats: 3", "repeats: 0"),
                        4,
                        "repeats: must be >= 1 (got 0)"),
                Arguments.of(
                        "grid over a continuous distribution",
                        VALID.replace(
                                "input_noise: {values: [0.1, 1.0]}",
                                "input_noise: {distribution: uniform, min: 0, max: 1}"),
                        12,
                        "search.input_noise: grid search needs values"),
                Arguments.of(
                        "random without samples",
                        VALID.replace("method: grid", "method: random"),
                        3,
                        "method: random search needs samples:"),
                Arguments.of(
                        "samples on a grid",
                        VALID.replace("method: grid", "method: grid\nsamples: 5"),
                        4,
                        "samples: only applies to method: random"),
                Arguments.of(
                        "unknown method",
                        VALID.replace("method: grid", "method: bayes"),
                        3,
                        "method: must be grid, random or tpe (got 'bayes')"),
                Arguments.of(
                        "tpe without samples",
                        TPE.replace("samples: 20\n", ""),
                        3,
                        "method: tpe search needs samples: (the number of configurations to propose)"),
                Arguments.of(
                        "tpe with samples 0",
                        TPE.replace("samples: 20", "samples: 0"),
                        4,
                        "samples: must be >= 1 (got 0)"),
                Arguments.of(
                        "tpe block on a random search",
                        TPE.replace("method: tpe", "method: random"),
                        5,
                        "tpe: only applies to method: tpe (this sweep is random)"),
                Arguments.of(
                        "tpe block on a grid",
                        VALID + "tpe: {startup: 3}\n",
                        13,
                        "tpe: only applies to method: tpe (this sweep is grid)"),
                Arguments.of(
                        "tpe block not a mapping",
                        TPE.replace("tpe:\n  startup: 5\n  candidates: 12\n  constant_liar: false", "tpe: 5"),
                        5,
                        "tpe: must be a mapping {startup: ..., candidates: ..., constant_liar: ...} (got 5)"),
                Arguments.of(
                        "unknown key in the tpe block",
                        TPE.replace("  candidates: 12", "  gamma: 0.25"),
                        7,
                        "tpe.gamma: unknown key; expected one of candidates, constant_liar, startup"),
                Arguments.of(
                        "tpe startup not an integer",
                        TPE.replace("startup: 5", "startup: ten"),
                        6,
                        "tpe.startup: must be an integer (got 'ten')"),
                Arguments.of(
                        "tpe startup below one",
                        TPE.replace("startup: 5", "startup: 0"),
                        6,
                        "tpe.startup: must be >= 1 (got 0)"),
                Arguments.of(
                        "tpe candidates fractional",
                        TPE.replace("candidates: 12", "candidates: 2.5"),
                        7,
                        "tpe.candidates: must be an integer (got 2.5)"),
                Arguments.of(
                        "tpe candidates below one",
                        TPE.replace("candidates: 12", "candidates: -1"),
                        7,
                        "tpe.candidates: must be >= 1 (got -1)"),
                Arguments.of(
                        "tpe constant_liar not a boolean",
                        TPE.replace("constant_liar: false", "constant_liar: 1"),
                        8,
                        "tpe.constant_liar: must be true or false (got 1)"),
                Arguments.of(
                        "tpe constant_liar as text",
                        TPE.replace("constant_liar: false", "constant_liar: maybe"),
                        8,
                        "tpe.constant_liar: must be true or false (got 'maybe')"),
                Arguments.of(
                        "tpe plans too many trials",
                        TPE.replace("samples: 20", "samples: 20\nrepeats: 10000"),
                        4,
                        "samples: plans 200000 trials"),
                Arguments.of(
                        "unknown dataset",
                        VALID.replace("dataset: mnist", "dataset: cifar10"),
                        2,
                        "dataset: must be mnist, fashion-mnist, idx:<directory or URI>, or a table block"),
                Arguments.of(
                        "unknown table format",
                        VALID.replace("dataset: mnist", TABLE.replace("csv", "xlsx")),
                        3,
                        "dataset.format: must be csv or parquet (got 'xlsx')"),
                Arguments.of(
                        "test_fraction of 1",
                        VALID.replace("dataset: mnist", TABLE + "  test_fraction: 1.0\n"),
                        6,
                        "dataset.test_fraction: must be between 0 and 1, both excluded (got 1.0)"),
                Arguments.of(
                        "validation_fraction of 0",
                        VALID.replace("dataset: mnist", TABLE + "  validation_fraction: 0\n"),
                        6,
                        "dataset.validation_fraction: must be between 0 and 1, both excluded (got 0.0)"),
                Arguments.of(
                        "fractions leaving nothing to train",
                        VALID.replace("dataset: mnist", TABLE + "  test_fraction: 0.5\n  validation_fraction: 0.5\n"),
                        7,
                        "dataset.validation_fraction: test_fraction 0.5 and validation_fraction 0.5 leave no training examples"),
                Arguments.of(
                        "a table without a label",
                        VALID.replace("dataset: mnist", TABLE.replace("  label: y\n", "")),
                        2,
                        "dataset: a table needs label:"),
                Arguments.of(
                        "unknown key in a table block",
                        VALID.replace("dataset: mnist", TABLE + "  sep: ';'\n"),
                        6,
                        "dataset.sep: unknown key"),
                Arguments.of(
                        "a cnn on a table",
                        VALID.replace("dataset: mnist", TABLE).replace("  epochs: 10", "  epochs: 10\n  model: cnn"),
                        12,
                        "fixed.model: a table's rows are not images"),
                Arguments.of("missing name", VALID.replace("name: lr-width\n", ""), 0, "missing required key 'name'"),
                Arguments.of(
                        "bad folder name",
                        VALID.replace("name: lr-width", "name: ../etc"),
                        1,
                        "name: must be a folder name"),
                Arguments.of(
                        "duplicate key",
                        VALID.replace("seed: 42", "seed: 42\nseed: 43"),
                        6,
                        "invalid YAML: Duplicate field 'seed'"),
                Arguments.of(
                        "YAML syntax error",
                        VALID.replace("{values: [10, 100, 1000]}", "{values: [10, 100, 1000}"),
                        11,
                        "invalid YAML"),
                Arguments.of("empty file", "", 0, "the file is empty"),
                Arguments.of("a list instead of a mapping", "- name: x\n", 0, "must be a mapping of keys"),
                Arguments.of(
                        "both fixed and searched",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  width: 100"),
                        12,
                        "search.width: is both fixed and searched"),
                Arguments.of(
                        "values and distribution together",
                        VALID.replace(
                                "input_noise: {values: [0.1, 1.0]}",
                                "input_noise: {values: [0.1], distribution: uniform, min: 0, max: 1}"),
                        12,
                        "search.input_noise: give either values or distribution/min/max, not both"),
                Arguments.of(
                        "empty values",
                        VALID.replace("[0.1, 1.0]", "[]"),
                        12,
                        "search.input_noise.values: must be a non-empty list"),
                Arguments.of(
                        "unknown key in a spec",
                        VALID.replace("{values: [0.1, 1.0]}", "{values: [0.1, 1.0], step: 2}"),
                        12,
                        "search.input_noise.step: unknown key"),
                Arguments.of(
                        "unknown distribution",
                        """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        search:
                          l2: {distribution: normal, min: 0, max: 1}
                        """,
                        6,
                        "search.l2.distribution: must be uniform, log_uniform or int_uniform (got 'normal')"),
                Arguments.of("log_uniform from zero", """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        search:
                          l2: {distribution: log_uniform, min: 0, max: 1}
                        """, 6, "search.l2.min: log_uniform needs min > 0"),
                Arguments.of("distribution without max", """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        search:
                          learning_rate: {distribution: uniform, min: 0.1}
                        """, 6, "search.learning_rate: uniform needs max:"),
                Arguments.of(
                        "uniform for an integer",
                        """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        search:
                          width: {distribution: uniform, min: 10, max: 100}
                        """,
                        6,
                        "search.width.distribution: width is an integer: use int_uniform or log_uniform"),
                Arguments.of(
                        "unknown activation",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  activation: softplus"),
                        9,
                        "fixed.activation: must be one of relu, sigmoid, tanh, leaky_relu (got softplus)"),
                Arguments.of(
                        "negative l2",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  l2: -1e-4"),
                        9,
                        "fixed.l2: must be >= 0 (got -1.0E-4)"),
                Arguments.of(
                        "duplicated value",
                        VALID.replace("[10, 100, 1000]", "[10, 100, 10]"),
                        11,
                        "search.width.values[2]: value 10 is listed twice"),
                Arguments.of(
                        "too many trials",
                        VALID.replace("repeats: 3", "repeats: 10000"),
                        9,
                        "search: plans 240000 trials"),
                Arguments.of(
                        "unknown input noise type",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  input_noise_type: speckle"),
                        9,
                        "fixed.input_noise_type: must be one of gaussian, salt_and_pepper (got speckle)"),
                Arguments.of(
                        "salt-and-pepper level above 1, searched",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  input_noise_type: salt_and_pepper")
                                .replace("[0.1, 1.0]", "[0.1, 1.5]"),
                        13,
                        "search.input_noise.values[1]: a salt-and-pepper level (input_noise_type: salt_and_pepper) must be in [0, 1] (got 1.5)"),
                Arguments.of(
                        "salt-and-pepper level above 1, fixed",
                        """
                        name: x
                        dataset: mnist
                        fixed:
                          input_noise: 2.0
                        search:
                          input_noise_type: {values: [gaussian, salt_and_pepper]}
                        """,
                        4,
                        "fixed.input_noise: a salt-and-pepper level (input_noise_type: salt_and_pepper) must be in [0, 1] (got 2.0)"),
                Arguments.of(
                        "salt-and-pepper level above 1, drawn",
                        """
                        name: x
                        dataset: mnist
                        method: random
                        samples: 3
                        fixed: {input_noise_type: salt_and_pepper}
                        search:
                          input_noise: {distribution: uniform, min: 0.1, max: 1.2}
                        """,
                        7,
                        "search.input_noise.max: a salt-and-pepper level (input_noise_type: salt_and_pepper) must be in [0, 1] (got 1.2)"),
                Arguments.of("negative salt-and-pepper level", """
                        name: x
                        dataset: mnist
                        fixed: {input_noise_type: salt_and_pepper, input_noise: -0.1}
                        """, 3, "fixed.input_noise: must be >= 0 (got -0.1)"),
                Arguments.of(
                        "bad token in a hidden layout",
                        VALID.replace("  batch_size: 128", "  batch_size: 128\n  hidden_layers: \"d0.2 1000 x200\""),
                        9,
                        "fixed.hidden_layers: token 'x200' is not <width>, <width>:<activation>, <n>x<width>[:<activation>] or d<rate> (in \"d0.2 1000 x200\")"),
                Arguments.of(
                        "an autoencoder with convolutions",
                        """
                        name: x
                        dataset: mnist
                        fixed: {model: autoencoder, conv_layers: c32 p2}
                        """,
                        3,
                        "fixed.conv_layers: model: autoencoder is dense (hidden_layers only); conv_layers applies to model: cnn"),
                Arguments.of(
                        "an autoencoder searching convolutions",
                        """
                        name: x
                        dataset: mnist
                        fixed: {model: autoencoder}
                        search:
                          conv_layers: {values: [c8 p2, c16 p2]}
                        """,
                        5,
                        "search.conv_layers: model: autoencoder is dense"),
                Arguments.of(
                        "an autoencoder on a table",
                        VALID.replace("dataset: mnist", TABLE)
                                .replace("  epochs: 10", "  epochs: 10\n  model: autoencoder"),
                        12,
                        "fixed.model: a table's rows are not images: model: autoencoder reconstructs images"),
                Arguments.of(
                        "an autoencoder on raw pixels",
                        """
                        name: x
                        dataset: mnist
                        fixed: {model: autoencoder, normalize_input: false}
                        """,
                        3,
                        "fixed.normalize_input: model: autoencoder needs pixels in [0, 1]"),
                Arguments.of(
                        "an autoencoder without a hidden layer",
                        """
                        name: x
                        dataset: mnist
                        fixed: {model: autoencoder}
                        search:
                          hidden_layers: {values: [[128, 32, 128], 0]}
                        """,
                        5,
                        "search.hidden_layers.values[1]: model: autoencoder needs at least one hidden layer (its code)"),
                Arguments.of(
                        "autoencoders and classifiers in one sweep",
                        """
                        name: x
                        dataset: mnist
                        search:
                          model: {values: [mlp, autoencoder]}
                        """,
                        4,
                        "search.model: model: autoencoder ranks on reconstruction loss, the classifiers on accuracy"),
                Arguments.of(
                        "search is a list",
                        VALID.substring(0, VALID.indexOf("search:")) + "search: [learning_rate]\n",
                        9,
                        "search: must be a mapping"),
                Arguments.of(
                        "early stopping: unknown rule",
                        VALID + "early_stopping: {rule: hyperband}\n",
                        13,
                        "early_stopping.rule: must be asha or median (got 'hyperband')"),
                Arguments.of(
                        "early stopping: reduction factor 1",
                        VALID + "early_stopping:\n  reduction_factor: 1\n",
                        14,
                        "early_stopping.reduction_factor: must be >= 2 (got 1)"),
                Arguments.of(
                        "early stopping: min_epochs at epochs",
                        VALID + "early_stopping: {min_epochs: 10}\n",
                        13,
                        "early_stopping.min_epochs: must be below epochs (10)"),
                Arguments.of(
                        "early stopping: unknown key",
                        VALID + "early_stopping:\n  patience: 3\n",
                        14,
                        "early_stopping.patience: unknown key; expected one of metric, min_epochs, reduction_factor, rule"),
                Arguments.of(
                        "early stopping: unknown metric",
                        VALID + "early_stopping: {metric: f1}\n",
                        13,
                        "early_stopping.metric: must be one of"),
                Arguments.of(
                        "early stopping: not a mapping",
                        VALID + "early_stopping: yes\n",
                        13,
                        "early_stopping: must be a mapping"),
                Arguments.of(
                        "early stopping with searched epochs",
                        VALID.replace("  input_noise: {values: [0.1, 1.0]}", "  epochs: {values: [5, 10]}")
                                        .replace("  epochs: 10\n", "")
                                + "early_stopping: {}\n",
                        12,
                        "early_stopping: needs one number of epochs for every configuration"),
                Arguments.of("negative keep_models", VALID + "keep_models: -1\n", 13, "keep_models: must be >= 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedFilesWithFileLineKeyAndReason(String what, String text, int line, String message) {
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFileLoader.parse(text, "bad.yaml"));
        assertEquals(line, e.line(), "line of: " + e.getMessage());
        String expectedPrefix = line > 0 ? "bad.yaml:" + line + ": " : "bad.yaml: ";
        assertTrue(
                e.getMessage().startsWith(expectedPrefix + message),
                () -> "expected '" + expectedPrefix + message + "...' but got '" + e.getMessage() + "'");
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void missingFileIsReportedByName() {
        SweepFileException e =
                assertThrows(SweepFileException.class, () -> SweepFileLoader.load(Path.of("no/such/sweep.yaml")));
        assertEquals("no/such/sweep.yaml: no such file", e.getMessage());
    }
}
