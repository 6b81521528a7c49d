package io.sparksweep.plan;

import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileLoader;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every sweep file shipped in search-spaces/ is valid and plans. */
class SearchSpacesTest {

    @Test
    void everyShippedSweepFileLoadsAndPlans() throws IOException {
        Path dir = Paths.get("..", "search-spaces");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no sweep files under " + dir.toAbsolutePath());
        for (Path f : files) {
            SweepDefinition sweep = SweepFileLoader.load(f);
            Plan plan = TrialPlanner.plan(sweep);
            int expected = sweep.method() == SearchMethod.GRID
                    ? sweep.search().stream()
                                    .mapToInt(
                                            p -> ((ParamSpec.Values) p).values().size())
                                    .reduce(1, (a, b) -> a * b)
                            - plan.conditionalMerges()
                    : sweep.method() == SearchMethod.TPE
                            ? Math.min(sweep.tpe().startup(), sweep.samples())
                                    - plan.duplicateDraws()
                                    - plan.conditionalMerges() // the rest come as results arrive
                            : sweep.samples() - plan.duplicateDraws() - plan.conditionalMerges();
            assertEquals(expected, plan.configs().size(), f + ": configurations");
            assertEquals(expected * sweep.repeats(), plan.trials().size(), f + ": trials = configurations x repeats");
            assertEquals(f.getFileName().toString(), sweep.name() + ".yaml", "name: matches the file name");
        }
    }

    @Test
    void theQuickstartStaysSmall() {
        Plan plan = TrialPlanner.plan(SweepFileLoader.load(Paths.get("..", "search-spaces", "quickstart.yaml")));
        assertEquals(18, plan.trials().size());
    }
}
