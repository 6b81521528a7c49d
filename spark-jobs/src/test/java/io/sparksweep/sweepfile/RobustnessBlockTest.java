package io.sparksweep.sweepfile;

import io.sparksweep.space.NoiseType;
import io.sparksweep.space.Robustness;
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

/** The robustness: block of a sweep file, and the levels syntax evaluate shares with it. */
class RobustnessBlockTest {

    private static final String BASE = """
            name: r
            dataset: mnist
            fixed: {epochs: 2}
            search:
              learning_rate: {values: [0.1, 0.5]}
            """;

    @Test
    void readsTheBlockAsListOrRange() {
        SweepDefinition s = SweepFileLoader.parse(
                BASE + "robustness: {noise: salt_and_pepper, levels: [0.0, 0.05, 1.0]}\n", "r.yaml");
        assertEquals(new Robustness(NoiseType.SALT_AND_PEPPER, List.of(0.0, 0.05, 1.0)), s.robustness());
        SweepDefinition range =
                SweepFileLoader.parse(BASE + "robustness:\n  noise: gaussian\n  levels: \"0:2:5\"\n", "r.yaml");
        assertEquals(new Robustness(NoiseType.GAUSSIAN, List.of(0.0, 0.5, 1.0, 1.5, 2.0)), range.robustness());
        assertNull(SweepFileLoader.parse(BASE, "r.yaml").robustness());
    }

    @Test
    void changesTheHashOnlyWhenPresent() {
        String without = SweepFileLoader.parse(BASE, "r.yaml").sha256();
        String with = SweepFileLoader.parse(
                        BASE + "robustness: {noise: salt_and_pepper, levels: [0.0, 1.0]}\n", "r.yaml")
                .sha256();
        String other = SweepFileLoader.parse(
                        BASE + "robustness: {noise: salt_and_pepper, levels: [0.0, 0.5]}\n", "r.yaml")
                .sha256();
        assertNotEquals(without, with);
        assertNotEquals(with, other);
        // a sweep without the block hashes as before the block existed (SweepCanonicalFormTest pins that text)
        assertEquals(
                without,
                SweepFileLoader.parse(BASE + "# robustness later\n", "r.yaml").sha256());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(
                        "salt-and-pepper level above 1",
                        "robustness: {noise: salt_and_pepper, levels: [0.0, 1.5]}",
                        "robustness.levels: a salt-and-pepper level is the fraction of values replaced and must be in [0, 1] (got 1.5)"),
                Arguments.of(
                        "negative salt-and-pepper level",
                        "robustness: {noise: salt_and_pepper, levels: [-0.1, 0.5]}",
                        "robustness.levels: a salt-and-pepper level is the fraction of values replaced and must be in [0, 1] (got -0.1)"),
                Arguments.of(
                        "negative gaussian std",
                        "robustness: {noise: gaussian, levels: [0.0, -1]}",
                        "robustness.levels: a gaussian level is a standard deviation and must be >= 0 (got -1)"),
                Arguments.of(
                        "empty list",
                        "robustness: {noise: gaussian, levels: []}",
                        "robustness.levels: needs at least one level"),
                Arguments.of(
                        "unknown key",
                        "robustness: {noise: gaussian, levels: [0.1], seed: 3}",
                        "robustness.seed: unknown key; expected one of levels, noise"),
                Arguments.of(
                        "unknown noise",
                        "robustness: {noise: speckle, levels: [0.1]}",
                        "robustness.noise: must be salt_and_pepper or gaussian (got 'speckle')"),
                Arguments.of(
                        "no noise",
                        "robustness: {levels: [0.1]}",
                        "robustness: needs noise: salt_and_pepper or gaussian"),
                Arguments.of("no levels", "robustness: {noise: gaussian}", "robustness: needs levels:"),
                Arguments.of(
                        "a level that is no number",
                        "robustness: {noise: gaussian, levels: [0.1, high]}",
                        "robustness.levels[1]: must be a number (got 'high')"),
                Arguments.of(
                        "a level twice",
                        "robustness: {noise: gaussian, levels: [0.1, 0.10]}",
                        "robustness.levels: level 0.1 is listed twice"),
                Arguments.of(
                        "bad range",
                        "robustness: {noise: salt_and_pepper, levels: \"0:1\"}",
                        "robustness.levels: '0:1' is not start:stop:count (e.g. 0:1:21)"),
                Arguments.of(
                        "range beyond 1",
                        "robustness: {noise: salt_and_pepper, levels: \"0:2:3\"}",
                        "robustness.levels: a salt-and-pepper level is the fraction of values replaced and must be in [0, 1] (got 2)"),
                Arguments.of("a scalar block", "robustness: yes", "robustness: must be a mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesBadBlocksInOneLine(String what, String block, String message) {
        SweepFileException e =
                assertThrows(SweepFileException.class, () -> SweepFileLoader.parse(BASE + block + "\n", "bad.yaml"));
        assertTrue(
                e.getMessage().startsWith("bad.yaml:6: " + message),
                () -> "expected 'bad.yaml:6: " + message + "...' but got '" + e.getMessage() + "'");
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void refusesTables() {
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFileLoader.parse("""
                name: t
                dataset: {format: csv, path: t.csv, label: y}
                robustness: {noise: gaussian, levels: [0.1]}
                """, "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml:3: robustness: corrupts images"), e.getMessage());
    }

    @Test
    void levelsSyntax() {
        List<Double> l = Robustness.parseLevels("0:1:21");
        assertEquals(21, l.size());
        assertEquals(0.0, l.get(0));
        assertEquals(0.15, l.get(3)); // not 0.15000000000000002
        assertEquals(1.0, l.get(20));
        assertEquals(List.of(0.0, 0.1, 0.5), Robustness.parseLevels(" 0, 0.1 ,0.5"));
        assertEquals(List.of(0.3), Robustness.parseLevels("0.3:0.3:1"));
        for (String bad : new String[] {"", "0:1:0", "a,b", "1:0:3", "0:1:x", "0:1:2:3", "0,,1"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Robustness.parseLevels(bad), bad);
            assertEquals(1, e.getMessage().lines().count());
        }
        assertEquals("0.05", Robustness.canonical(0.05));
        assertEquals("1", Robustness.canonical(1.0));
        assertEquals("0.15", Robustness.canonical(0.15000000000000002));
    }
}
