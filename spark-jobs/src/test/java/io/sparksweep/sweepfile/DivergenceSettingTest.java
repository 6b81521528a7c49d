package io.sparksweep.sweepfile;

import io.sparksweep.space.Divergence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level divergence: key of a sweep file: a factor above 1, or off. */
class DivergenceSettingTest {

    private static final String BASE = """
            name: d
            dataset: mnist
            fixed: {epochs: 2}
            search:
              learning_rate: {values: [0.1, 0.5]}
            """;

    private static Divergence read(String value) {
        return SweepFileLoader.parse(BASE + "divergence: " + value + "\n", "d.yaml")
                .divergence();
    }

    @Test
    void readsAFactorOrOffAndDefaultsToFive() {
        assertEquals(Divergence.DEFAULT, SweepFileLoader.parse(BASE, "d.yaml").divergence());
        assertEquals(5.0, Divergence.DEFAULT.factor());
        assertEquals(new Divergence(3), read("3"));
        assertEquals(new Divergence(2.5), read("2.5"));
        assertEquals(new Divergence(10), read("1e1"), "YAML 1.1 reads 1e1 as text");
        assertEquals(Divergence.OFF, read("off"));
        assertEquals(Divergence.OFF, read("\"off\""));
        assertEquals(Divergence.OFF, read("false"), "YAML 1.1's reading of an unquoted off");
        assertEquals(Divergence.OFF, read("no"));
        assertEquals("2.5", read("2.5").toString());
        assertEquals("5", Divergence.DEFAULT.toString());
        assertEquals("off", Divergence.OFF.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1.0",
                "0.5",
                "0",
                "-3",
                "high",
                "'Off'",
                "true",
                "{factor: 3}",
                "[3]",
                "NaN",
                "Infinity",
                "''",
                "~"
            })
    void refusesAnythingButAFactorAboveOneOrOffInOneLine(String value) {
        SweepFileException e = assertThrows(
                SweepFileException.class,
                () -> SweepFileLoader.parse(BASE + "divergence: " + value + "\n", "bad.yaml"));
        assertTrue(
                e.getMessage().startsWith("bad.yaml:6: divergence: must be a number above 1 or off (got "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("): a trial stops as DIVERGED when a minibatch loss exceeds that many times the "
                                + "untrained network's (default 5); off stops it only on a NaN or infinite loss"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void namesWhatItGot() {
        SweepFileException e = assertThrows(SweepFileException.class, () -> read("0.5"));
        assertTrue(e.getMessage().contains("(got 0.5)"), e.getMessage());
        e = assertThrows(SweepFileException.class, () -> read("{factor: 3}"));
        assertTrue(e.getMessage().contains("(got a mapping)"), e.getMessage());
        e = assertThrows(SweepFileException.class, () -> read("high"));
        assertTrue(e.getMessage().contains("(got 'high')"), e.getMessage());
    }

    @Test
    void changesTheHashOnlyWhenNotTheDefault() {
        String without = SweepFileLoader.parse(BASE, "d.yaml").sha256();
        assertEquals(
                without,
                SweepFileLoader.parse(BASE + "divergence: 5\n", "d.yaml").sha256(),
                "the default written out is the same sweep");
        assertEquals(
                without,
                SweepFileLoader.parse(BASE + "divergence: 5.0\n", "d.yaml").sha256());
        String three = SweepFileLoader.parse(BASE + "divergence: 3\n", "d.yaml").sha256();
        String off = SweepFileLoader.parse(BASE + "divergence: off\n", "d.yaml").sha256();
        assertNotEquals(without, three);
        assertNotEquals(without, off);
        assertNotEquals(three, off);
        assertEquals(
                three,
                SweepFileLoader.parse(BASE + "divergence: 3.0\n", "d.yaml").sha256());
    }
}
