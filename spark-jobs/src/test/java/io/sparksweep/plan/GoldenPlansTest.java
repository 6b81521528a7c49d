package io.sparksweep.plan;

import io.sparksweep.space.SweepDefinition;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.TrialSpec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what every ready sweep plans: its hash, its configuration ids and its first trial seeds.
 * Resuming a stored sweep, and comparing a new run with an old one, rely on these never changing; a
 * refactor of the vocabulary (user-declared parameters, docs/plans/user-models.md) must leave them byte
 * for byte. {@code golden-plans.tsv} was written by this test with {@code -Dgolden.write=true} from the
 * code of 2026-12-07; a new ready sweep adds a line the same way.
 */
class GoldenPlansTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path GOLDEN = Path.of("src/test/resources/golden-plans.tsv");

    /** One line per ready sweep: file, sweep sha256, sorted config ids, the first three trial seeds. */
    private static TreeMap<String, String> plans() throws IOException {
        TreeMap<String, String> lines = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT.resolve("search-spaces"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            String name = ROOT.relativize(f).toString();
            SweepDefinition sweep = SweepFileLoader.parse(Files.readString(f), name);
            Plan plan = TrialPlanner.plan(sweep);
            TreeSet<String> ids = new TreeSet<>();
            plan.trials().forEach(t -> ids.add(t.configId()));
            List<String> seeds = new ArrayList<>();
            for (TrialSpec t :
                    plan.trials().subList(0, Math.min(3, plan.trials().size()))) {
                seeds.add(t.trialId() + "=" + t.seed());
            }
            lines.put(name, sweep.sha256() + "\t" + String.join(",", ids) + "\t" + String.join(",", seeds));
        }
        return lines;
    }

    @Test
    void everyReadySweepPlansWhatItAlwaysPlanned() throws IOException {
        TreeMap<String, String> now = plans();
        assertTrue(now.size() >= 30, "the ready sweeps: " + now.keySet());
        if (Boolean.getBoolean("golden.write")) {
            StringBuilder sb = new StringBuilder();
            now.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
            Files.writeString(GOLDEN, sb.toString(), StandardCharsets.UTF_8);
        }
        TreeMap<String, String> golden = new TreeMap<>();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            golden.put(line.substring(0, tab), line.substring(tab + 1));
        }
        for (String file : golden.keySet()) {
            assertEquals(golden.get(file), now.get(file), file + ": its hash, config ids or seeds changed");
        }
    }
}
