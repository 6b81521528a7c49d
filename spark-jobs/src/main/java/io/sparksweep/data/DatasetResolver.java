package io.sparksweep.data;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Finds where a sweep's dataset lives, on the driver, before any Spark job starts.
 * A named dataset is looked up in order: {@code --data-dir}, {@code $SPARKSWEEP_DATA_DIR}, the local
 * cache ({@code $SPARKSWEEP_CACHE} or ~/.cache/sparksweep), then downloaded from a public mirror into
 * the cache with its checksums verified. Each directory may hold the files itself or a
 * {@code <name>/} folder holding them. {@code idx:} locations are used as given.
 */
public final class DatasetResolver {

    public static final String DATA_DIR_ENV = "SPARKSWEEP_DATA_DIR";
    public static final String CACHE_ENV = "SPARKSWEEP_CACHE";

    /** Where the files are and which checksums apply. */
    public record Resolved(String location, String knownName, String origin) {}

    private DatasetResolver() {}

    public static Resolved resolve(DatasetSpec spec, String dataDirOption) {
        if (!spec.isNamed()) {
            return new Resolved(toUri(spec.location()), null, "idx:");
        }
        String name = spec.name();
        List<String> looked = new ArrayList<>();
        if (dataDirOption != null) {
            Path found = lookIn(Paths.get(dataDirOption), name);
            if (found == null) {
                // an explicit --data-dir that lacks the files is an error, not a reason to download
                throw new DatasetException("--data-dir " + dataDirOption + ": no " + name + " files there (need "
                        + String.join(", ", DatasetFiles.ALL) + ", raw or .gz, in it or in " + name + "/)");
            }
            return new Resolved(found.toUri().toString(), name, "--data-dir");
        }
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            Path found = lookIn(Paths.get(env), name);
            if (found != null) {
                return new Resolved(found.toUri().toString(), name, "$" + DATA_DIR_ENV);
            }
            looked.add("$" + DATA_DIR_ENV + "=" + env);
        }
        Path cache = cacheDir().resolve(name);
        if (lookIn(cache, name) != null) {
            return new Resolved(lookIn(cache, name).toUri().toString(), name, "cache");
        }
        looked.add("cache " + cache);
        download(name, cache, DatasetFiles.MIRRORS.get(name), DatasetFiles.KNOWN.get(name), looked);
        return new Resolved(cache.toUri().toString(), name, "download");
    }

    public static Path cacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "sparksweep");
    }

    /** The directory holding all four files: dir itself or dir/name; null if neither does. */
    static Path lookIn(Path dir, String name) {
        for (Path candidate : new Path[] {dir, dir.resolve(name)}) {
            if (DatasetFiles.ALL.stream()
                    .allMatch(f -> Files.isRegularFile(candidate.resolve(f))
                            || Files.isRegularFile(candidate.resolve(f + ".gz")))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** A plain path becomes an absolute file: URI; URIs with a scheme pass through. */
    public static String toUri(String location) {
        if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return location;
        }
        if (location.startsWith("file:")) {
            return location;
        }
        return Paths.get(location).toAbsolutePath().normalize().toUri().toString();
    }

    /** Fetches the four .gz files from the first mirror that serves them all with the right checksums. */
    static void download(
            String name, Path target, List<String> mirrors, Map<String, String> checksums, List<String> looked) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<String> failures = new ArrayList<>();
        for (String mirror : mirrors) {
            // unique per download: tasks of one JVM share a pid
            Path tmp = target.resolveSibling(
                    name + ".part-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            try {
                Files.createDirectories(tmp);
                for (String file : DatasetFiles.ALL) {
                    fetchVerified(
                            http, URI.create(mirror + file + ".gz"), tmp.resolve(file + ".gz"), checksums.get(file));
                }
                // all four verified: publish the folder in one rename
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException lostTheRace) {
                    // another executor published the same dataset first (verified like ours): use it
                    if (lookIn(target, name) == null) {
                        throw lostTheRace;
                    }
                }
                return;
            } catch (IOException | DatasetException e) {
                // e.g. java.net.ConnectException has no message: name the class instead of "null"
                failures.add(
                        mirror + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("download of " + name + " interrupted");
            } finally {
                deleteQuietly(tmp);
            }
        }
        throw new DatasetException(name + " not found (looked in " + String.join(", ", looked)
                + ") and the download failed: " + String.join("; ", failures)
                + ". Pass --data-dir DIR with the four IDX files.");
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover partial download is harmless: it is never read and is replaced next time
        }
    }

    private static void fetchVerified(HttpClient http, URI uri, Path out, String sha256)
            throws IOException, InterruptedException {
        HttpResponse<Path> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofFile(out));
        if (response.statusCode() != 200) {
            throw new IOException(uri + ": HTTP " + response.statusCode());
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            MessageDigest md = Sha256.digest();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            String got = Sha256.hex(md);
            if (!got.equals(sha256)) {
                throw new DatasetException(uri + ": checksum mismatch (got " + got.substring(0, 12) + "...)");
            }
        }
    }
}
