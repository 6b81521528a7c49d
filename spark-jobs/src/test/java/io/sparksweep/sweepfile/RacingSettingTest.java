package io.sparksweep.sweepfile;

import io.sparksweep.space.Racing;
import io.sparksweep.space.SweepDefinition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code repeats: {min, max, alpha}} (racing) beside the plain number of repeats. */
class RacingSettingTest {

    private static final String BASE = """
            name: r
            dataset: mnist
            fixed: {epochs: 2}
            search:
              learning_rate: {values: [0.1, 0.5]}
            """;

    private static SweepDefinition parse(String repeats) {
        return SweepFileLoader.parse(BASE + "repeats: " + repeats + "\n", "r.yaml");
    }

    @Test
    void readsMinMaxAndAlphaWithAlphaDefaultingToFivePercent() {
        SweepDefinition s = parse("{min: 3, max: 12, alpha: 0.1}");
        assertEquals(new Racing(3, 12, 0.1), s.racing());
        assertEquals(12, s.repeats(), "the plan holds up to max repeats of every configuration");
        assertTrue(s.isRacing());
        assertEquals(new Racing(2, 2, 0.05), parse("{min: 2, max: 2}").racing());
        assertEquals(0.05, Racing.DEFAULT_ALPHA);
        assertEquals(0.5, parse("{min: 3, max: 4, alpha: 0.5}").racing().alpha(), "0.5 is allowed");
    }

    @Test
    void pairedIsFalseUnlessSetAndEntersTheHashOnlyWhenTrue() {
        assertFalse(parse("{min: 3, max: 12}").racing().paired());
        assertTrue(parse("{min: 3, max: 12, paired: true}").racing().paired());
        assertEquals(
                new Racing(3, 12, 0.05, true),
                parse("{min: 3, max: 12, paired: true}").racing());
        SweepDefinition racing = parse("{min: 3, max: 12}");
        assertFalse(racing.canonicalJson().contains("paired"), "stored racing sweeps keep their hash");
        assertEquals(racing.sha256(), parse("{min: 3, max: 12, paired: false}").sha256());
        SweepDefinition paired = parse("{min: 3, max: 12, paired: true}");
        assertNotEquals(racing.sha256(), paired.sha256());
        assertTrue(paired.canonicalJson().contains("\"paired\":true"), paired.canonicalJson());
        assertTrue(paired.racing().describe().contains("paired"));
    }

    @Test
    void aPlainNumberKeepsItsMeaning() {
        SweepDefinition s = parse("5");
        assertNull(s.racing());
        assertFalse(s.isRacing());
        assertEquals(5, s.repeats());
        assertEquals(1, SweepFileLoader.parse(BASE, "r.yaml").repeats());
    }

    @Test
    void racingIsPartOfTheSweepsHashAndPlainRepeatsKeepTheirs() {
        SweepDefinition plain = parse("12");
        assertFalse(plain.canonicalJson().contains("racing"), "hashes of existing sweeps stay as they were");
        SweepDefinition racing = parse("{min: 3, max: 12}");
        assertNotEquals(plain.sha256(), racing.sha256());
        assertNotEquals(racing.sha256(), parse("{min: 3, max: 12, alpha: 0.1}").sha256());
        assertNotEquals(racing.sha256(), parse("{min: 4, max: 12}").sha256());
        assertEquals(racing.sha256(), parse("{max: 12, min: 3, alpha: 0.05}").sha256(), "the default written out");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{min: 1, max: 12}|r.yaml:6: repeats.min: must be >= 2 (got 1): a configuration needs two repeats "
                        + "before a test can eliminate it",
                "{min: 0, max: 12}|r.yaml:6: repeats.min: must be >= 2 (got 0)",
                "{min: 5, max: 4}|r.yaml:6: repeats.max: must be >= min 5 (got 4)",
                "{min: 3, max: 12, alpha: 0}|r.yaml:6: repeats.alpha: must be in (0, 0.5] (got 0)",
                "{min: 3, max: 12, alpha: 0.6}|r.yaml:6: repeats.alpha: must be in (0, 0.5] (got 0.6)",
                "{min: 3, max: 12, alpha: -0.05}|r.yaml:6: repeats.alpha: must be in (0, 0.5] (got -0.05)",
                "{min: 3, max: 12, alpha: 1}|r.yaml:6: repeats.alpha: must be in (0, 0.5] (got 1)",
                "{min: 3, max: 12, alpha: high}|r.yaml:6: repeats.alpha: must be a number (got 'high')",
                "{min: 3, max: 12, confidence: 0.95}|r.yaml:6: repeats.confidence: unknown key; expected one of "
                        + "alpha, max, min, paired",
                "{min: 3, max: 12, paired: yes please}|r.yaml:6: repeats.paired: must be true or false (got 'yes please')",
                "{min: 3, max: 12, paired: 1}|r.yaml:6: repeats.paired: must be true or false (got 1)",
                "{min: 3}|r.yaml:6: repeats: racing needs min: and max:",
                "{max: 3}|r.yaml:6: repeats: racing needs min: and max:",
                "{min: three, max: 12}|r.yaml:6: repeats.min: must be an integer (got 'three')",
                "{min: 3, max: 12.5}|r.yaml:6: repeats.max: must be an integer (got 12.5)",
                "[3, 12]|r.yaml:6: repeats: must be a mapping {min: 3, max: 12, alpha: 0.05} (racing) or a number "
                        + "(got a list)",
                "0|r.yaml:6: repeats: must be >= 1 (got 0)"
            })
    void refusesBadRacingInOneLineNamingTheKey(String repeats, String message) {
        SweepFileException e = assertThrows(SweepFileException.class, () -> parse(repeats));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void racingCombinesWithEarlyStoppingAndTpe() {
        SweepDefinition es =
                SweepFileLoader.parse(BASE + "repeats: {min: 3, max: 6}\nearly_stopping: {rule: asha}\n", "r.yaml");
        assertEquals(3, es.racing().min());
        assertEquals(6, es.repeats());
        SweepDefinition tpe = SweepFileLoader.parse("""
                        name: r
                        dataset: mnist
                        method: tpe
                        samples: 4
                        repeats: {min: 3, max: 6}
                        search:
                          learning_rate: {distribution: log_uniform, min: 0.001, max: 1.0}
                        """, "r.yaml");
        assertEquals(3, tpe.racing().min());
    }
}
