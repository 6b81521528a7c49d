package io.sparksweep.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a resumed sweep's clean-up of models/ deletes, and what it leaves. */
class NetworkFilesTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void keepsTheBestConfigurationsAndEveryRetrainedNetwork() throws IOException {
        java.nio.file.Path models = Files.createDirectories(tmp.resolve("models"));
        for (String f : List.of(
                "aaaaaaaaaaaa-r0.zip",
                "aaaaaaaaaaaa-r0.json",
                "bbbbbbbbbbbb-r1.zip",
                "bbbbbbbbbbbb-r1.json",
                "bbbbbbbbbbbb-retrained.zip",
                "bbbbbbbbbbbb-retrained.json")) {
            Files.writeString(models.resolve(f), "x");
        }
        new NetworkFiles(new Path(tmp.toUri()), new Configuration()).removeModelsExcept(List.of("aaaaaaaaaaaa"));
        try (Stream<java.nio.file.Path> left = Files.list(models)) {
            assertEquals(
                    List.of(
                            "aaaaaaaaaaaa-r0.json",
                            "aaaaaaaaaaaa-r0.zip",
                            "bbbbbbbbbbbb-retrained.json",
                            "bbbbbbbbbbbb-retrained.zip"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
