package io.sparksweep.space;

import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** hidden_layers layouts: tokens, canonical text, and a one-line error naming the bad token. */
class LayersTest {

    private static final ActivationType SIGMOID = ActivationType.SIGMOID;

    @Test
    void seed003sBigDeepNetwork() {
        String layout = "d0.2 1000 d0.2 3x200 d0.1 3x100 d0.1 50:sigmoid";
        String canonical = Layers.canonicalLayout(layout);
        assertEquals(layout, canonical, "already canonical");
        List<Layers.DenseStep> steps = Layers.dense(canonical, 7);
        assertEquals(
                List.of(
                        new Layers.DenseStep(1000, null, 0.2),
                        new Layers.DenseStep(200, null, 0.2),
                        new Layers.DenseStep(200, null, 0),
                        new Layers.DenseStep(200, null, 0),
                        new Layers.DenseStep(100, null, 0.1),
                        new Layers.DenseStep(100, null, 0),
                        new Layers.DenseStep(100, null, 0),
                        new Layers.DenseStep(50, SIGMOID, 0.1)),
                steps);
        assertEquals(0, Layers.outputDropout(canonical));
        assertNull(Layers.problemWithHidden(canonical));
    }

    @Test
    void layoutsOfPlainWidthsKeepTheListFormTheyAlwaysHad() {
        // the canonical text is the config_id's input: "5x200" must stay "[200, 200, 200, 200, 200]"
        assertEquals("[200, 200, 200, 200, 200]", Layers.canonicalLayout("5x200"));
        assertEquals("[200, 200, 200, 200, 200]", Layers.canonicalLayout("5 x 200"));
        assertEquals("[200, 200, 200, 200, 200]", Layers.canonicalLayout("5×200"));
        assertEquals("[200, 200, 200, 200, 200]", Layers.canonicalLayout("5*200"));
        assertEquals("[1000, 200, 200, 200, 100, 100, 100, 50]", Layers.canonicalLayout("1000 3x200 3x100 50"));
        assertEquals("[1000, 200]", Layers.canonicalLayout("1000, 200"));
        assertEquals(
                List.of(new Layers.DenseStep(200, null, 0), new Layers.DenseStep(200, null, 0)),
                Layers.dense("[200, 200]", 1));
        assertEquals(Collections.nCopies(3, new Layers.DenseStep(64, null, 0)), Layers.dense("3", 64));
        assertEquals(List.of(), Layers.dense("0", 64));
    }

    @Test
    void layoutsAreNormalised() {
        assertEquals("1000 3x200 3x100 50:sigmoid", Layers.canonicalLayout(" 1000  200 200 200 3x100 50 : SIGMOID "));
        assertEquals("2x50:tanh", Layers.canonicalLayout("50:tanh 50:tanh"));
        // a dropout between two equal layers keeps them apart
        assertEquals("50:tanh d0.5 50:tanh", Layers.canonicalLayout("50:tanh d.50 50:tanh"));
        assertEquals("d0.2 3x200", Layers.canonicalLayout("d0.20 3x200"));
        // a trailing d<rate> drops the output layer's input
        assertEquals("128 64 d0.3", Layers.canonicalLayout("128 64 d0.3"));
        assertEquals(0.3, Layers.outputDropout("128 64 d0.3"));
        assertEquals(
                List.of(new Layers.DenseStep(128, null, 0), new Layers.DenseStep(64, null, 0)),
                Layers.dense("128 64 d0.3", 1));
        assertEquals(List.of(new Layers.DenseStep(10, ActivationType.LEAKY_RELU, 0)), Layers.dense("10:leaky_relu", 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "1000 x200          | token 'x200' is not <width>, <width>:<activation>, <n>x<width>[:<activation>] or d<rate>",
                "1000 200x          | token '200x' is not",
                "3x200:softplus     | token '3x200:softplus': the activation must be one of relu, sigmoid, tanh, leaky_relu",
                "1000 0x200         | token '0x200': the number of layers must be >= 1",
                "1000 0             | token '0': the width must be >= 1",
                "d1.5 1000          | token 'd1.5': the dropout rate must be >= 0 and < 1",
                "d0.2 d0.1 1000     | token 'd0.1' follows the dropout 'd0.2': one d<rate> per layer input",
                "1000 d 10          | token 'd' is not",
                "1000 d0.1.2 10     | token 'd0.1.2' is not",
                "c32 100            | token 'c32' is not",
                "1000 : 10          | token '1000:10': the activation must be one of",
                "10:relu:tanh       | token '10:relu:tanh' is not",
                "99999999999 10     | token '99999999999': the width 99999999999 is too large",
                "2000x10 5          | at most 1000 hidden layers (got 2000)",
                "d0.5               | has no layer; write 0 for no hidden layer",
                "3                  | a lone number is a layer count: write 3 without quotes for 3 layers of `width` units, or [3] for one layer of 3 units"
            })
    void badLayoutsAreOneLineNamingTheToken(String layout, String message) {
        String m = assertThrows(IllegalArgumentException.class, () -> Layers.canonicalLayout(layout))
                .getMessage();
        assertTrue(m.startsWith(message), m);
        assertEquals(1, m.lines().count(), m);
    }

    @Test
    void anEmptyLayoutIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Layers.canonicalLayout("  "))
                .getMessage()
                .startsWith("is empty"));
    }

    @Test
    void theSweepFileErrorNamesKeyTokenAndLayout() {
        SweepFileException e = assertThrows(
                SweepFileException.class,
                () -> SweepFileLoader.parse(
                        "name: x\ndataset: mnist\nfixed:\n  hidden_layers: \"1000 x200\"\n", "s.yaml"));
        assertEquals(
                "s.yaml:4: fixed.hidden_layers: token 'x200' is not <width>, <width>:<activation>, "
                        + "<n>x<width>[:<activation>] or d<rate> (in \"1000 x200\")",
                e.getMessage());
        SweepFileException searched = assertThrows(
                SweepFileException.class,
                () -> SweepFileLoader.parse(
                        "name: x\ndataset: mnist\nsearch:\n  hidden_layers: {values: [\"1000 50:sigmoid\", \"1000 50:sigmod\"]}\n",
                        "s.yaml"));
        assertTrue(
                searched.getMessage()
                        .startsWith(
                                "s.yaml:4: search.hidden_layers.values[1]: token '50:sigmod': the activation must be one of"),
                searched.getMessage());
    }
}
