package io.sparksweep.sweepfile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML syntax and the line index behind every {@code file:line: key: problem}. */
class SweepYamlTest {

    @Test
    void indexesKeysAndListElementsByDottedPath() {
        SweepYaml yaml = SweepYaml.parse("""
                name: x
                search:
                  width:
                    values:
                      - 10
                      - 20
                  l2: {values: [0.1,
                                0.2]}
                """, "x.yaml");
        KeyLineIndex lines = yaml.lines();
        assertEquals(1, lines.lineOf("name"));
        assertEquals(3, lines.lineOf("search.width"));
        assertEquals(6, lines.lineOf("search.width.values[1]"));
        assertEquals(8, lines.lineOf("search.l2.values[1]"));
        assertEquals(0, lines.lineOf("dataset"), "a missing key has no line");
        assertEquals(0, lines.lineOf(null));
        assertEquals("x", yaml.root().get("name").asText());
    }

    @Test
    void faultsCarryFileLineAndKey() {
        SweepFileException e =
                SweepYaml.parse("name: x\nseed: 1.5\n", "x.yaml").lines().fault("seed", "must be an integer");
        assertEquals("x.yaml:2: seed: must be an integer", e.getMessage());
    }

    @Test
    void syntaxErrorsAndDuplicateKeysAreRefusedWithTheirLine() {
        SweepFileException duplicate = assertThrows(
                SweepFileException.class, () -> SweepYaml.parse("name: x\ndataset: mnist\nname: y\n", "d.yaml"));
        assertEquals(3, duplicate.line());
        assertTrue(duplicate.problem().startsWith("invalid YAML: Duplicate field 'name'"), duplicate.getMessage());
        SweepFileException broken =
                assertThrows(SweepFileException.class, () -> SweepYaml.parse("name: [x\n", "b.yaml"));
        assertTrue(broken.problem().startsWith("invalid YAML: "), broken.getMessage());
        // a tab: the cause and its line, not only what the scanner was doing
        SweepFileException tab = assertThrows(
                SweepFileException.class,
                () -> SweepYaml.parse("name: t\ndataset: mnist\nfixed:\n\tepochs: 2\n", "t.yaml"));
        assertEquals(4, tab.line());
        assertEquals(
                "invalid YAML: a tab character, which YAML does not allow for indentation (indent with spaces)",
                tab.problem());
    }

    @Test
    void anEmptyFileParsesToNothing() {
        SweepYaml yaml = SweepYaml.parse("", "e.yaml");
        assertTrue(yaml.root() == null
                || yaml.root().isMissingNode()
                || yaml.root().isNull());
    }
}
