package io.sparksweep.driver;

import io.sparksweep.sweepfile.SweepFileException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/**
 * Reads the sweep file the driver is given: a local path, or a Hadoop URI (hdfs://, s3a://, ...) so
 * that a driver started on a cluster node (cluster deploy mode) can read it from shared storage.
 */
public final class SweepSource {

    private static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private SweepSource() {}

    public static String read(String location) {
        try {
            if (location.startsWith("local://")) {
                // Spark's convention for a file inside the container image, as on Kubernetes
                return Files.readString(
                        java.nio.file.Path.of(location.substring("local://".length())), StandardCharsets.UTF_8);
            }
            if (URI.matcher(location).matches()) {
                Path path = new Path(location);
                try (FileSystem fs = FileSystem.newInstance(path.toUri(), new Configuration());
                        InputStream in = fs.open(path)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(java.nio.file.Path.of(location), StandardCharsets.UTF_8);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new SweepFileException(location, 0, null, "no such file");
        } catch (IOException e) {
            throw new SweepFileException(location, 0, null, "cannot read: " + e.getMessage());
        }
    }
}
