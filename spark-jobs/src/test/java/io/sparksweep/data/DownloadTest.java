package io.sparksweep.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The download path against a mirror on loopback: verified files land in the cache in one rename. */
class DownloadTest {

    @TempDir
    Path tmp;

    HttpServer server;
    String mirror;
    Map<String, String> checksums = new HashMap<>();

    @BeforeEach
    void serve() throws Exception {
        Path files = TinyIdx.write(tmp.resolve("served"), 16, 8, true);
        for (String f : DatasetFiles.ALL) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(files.resolve(f + ".gz")))) {
                checksums.put(
                        f,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())));
            }
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data/", exchange -> {
            Path f = files.resolve(exchange.getRequestURI().getPath().substring("/data/".length()));
            if (Files.exists(f)) {
                byte[] body = Files.readAllBytes(f);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesVerifiesAndPublishesTheFolder() {
        Path target = tmp.resolve("cache/tiny");
        DatasetResolver.download(
                "tiny", target, List.of("http://127.0.0.1:9/nothing/", mirror), checksums, new ArrayList<>());
        for (String f : DatasetFiles.ALL) {
            assertTrue(Files.exists(target.resolve(f + ".gz")), f);
        }
        assertEquals(16, DatasetLoader.load(target.toUri().toString(), null).trainSize());
    }

    @Test
    void aChecksumMismatchIsRefusedAndLeavesNothingBehind() throws IOException {
        checksums.put(DatasetFiles.TEST_LABELS, "0".repeat(64));
        Path target = tmp.resolve("cache/tiny");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> DatasetResolver.download(
                        "tiny", target, List.of(mirror), checksums, new ArrayList<>(List.of("cache x"))));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Pass --data-dir DIR with the four IDX files."), e.getMessage());
        assertFalse(Files.exists(target));
        try (var left = Files.list(tmp.resolve("cache"))) {
            assertEquals(0, left.count(), "no partial download left in the cache");
        }
    }

    @Test
    void anExecutorThatLosesTheRaceToPublishUsesTheWinnersCopy() throws Exception {
        Path target = tmp.resolve("cache/tiny");
        // two executors of one host download into the same cache at once; both must succeed
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(
                        () -> DatasetResolver.download("tiny", target, List.of(mirror), checksums, new ArrayList<>())));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // and one that finishes after the folder exists publishes nothing and fails nothing
        DatasetResolver.download("tiny", target, List.of(mirror), checksums, new ArrayList<>());
        assertEquals(16, DatasetLoader.load(target.toUri().toString(), null).trainSize());
        try (var left = Files.list(tmp.resolve("cache"))) {
            assertEquals(1, left.count(), "only the published folder, no partial downloads");
        }
    }
}
