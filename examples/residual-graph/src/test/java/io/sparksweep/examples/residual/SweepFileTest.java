package io.sparksweep.examples.residual;

import io.sparksweep.api.Param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep.yaml names this class and sets only what it declares, inside the declared ranges. */
class SweepFileTest {

    private static final Path MODULE = Path.of(System.getProperty("sparksweep.example.dir", "."));

    @Test
    void theSweepFileFitsTheDeclaredParameters() throws IOException {
        JsonNode sweep = new YAMLMapper().readTree(MODULE.resolve("sweep.yaml").toFile());
        assertEquals(
                ResidualGraphModel.class.getName(),
                sweep.path("model").path("class").asText());
        Map<String, Param> declared = new ResidualGraphModel()
                .parameters().stream().collect(Collectors.toMap(Param::name, Function.identity()));
        for (String block : List.of("fixed", "search")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sweep.path(block).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (List.of("epochs", "batch_size").contains(e.getKey())) {
                    continue;
                }
                Param p = declared.get(e.getKey());
                assertNotNull(p, block + "." + e.getKey() + " is not declared by the model");
                JsonNode v = e.getValue();
                if (block.equals("fixed")) {
                    assertNull(p.problemWith(value(v)), block + "." + e.getKey());
                } else if (v.has("values")) {
                    v.get("values").forEach(x -> assertNull(p.problemWith(value(x)), "search." + p.name()));
                } else {
                    assertNull(p.problemWith(value(v.get("min"))), "search." + p.name() + ".min");
                    assertNull(p.problemWith(value(v.get("max"))), "search." + p.name() + ".max");
                }
            }
        }
        // the path is read from the working directory: the README runs the sweep from the repository's root
        Path table = MODULE.resolve("../..")
                .resolve(sweep.path("dataset").path("path").asText());
        assertTrue(Files.isRegularFile(table), table.toString());
    }

    private static Object value(JsonNode n) {
        return n.isIntegralNumber() ? (Object) n.intValue() : n.isNumber() ? n.doubleValue() : n.asText();
    }
}
