package io.sparksweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLockTest {

    @TempDir
    Path tmp;

    private org.apache.hadoop.fs.Path root() {
        return new org.apache.hadoop.fs.Path(tmp.resolve("out/s").toUri());
    }

    /** A second driver, as a real process: takes the lock, says so, then waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            OutputLock.acquire(new Configuration(), new org.apache.hadoop.fs.Path(args[0]));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aSecondProcessIsRefusedWithItsHolderAndAKilledHolderDoesNotBlockARerun() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Holder.class.getName(),
                        root().toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            for (String line; !"held".equals(line = out.readLine()); ) {
                if (line == null) {
                    throw new AssertionError("the holder process ended without taking the lock");
                }
            }
            OutputException refused =
                    assertThrows(OutputException.class, () -> OutputLock.acquire(new Configuration(), root()));
            assertTrue(
                    refused.getMessage()
                            .contains("in use by another sparksweep driver (pid " + holder.pid() + " on "
                                    + OutputLock.localHost() + ", since "),
                    refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"), "one line");
        } finally {
            holder.destroyForcibly(); // kill -9: the lock stays behind, naming a dead pid
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(tmp.resolve("out/s/" + OutputLock.FILE)), "a killed driver leaves its lock");
        try (OutputLock lock = OutputLock.acquire(new Configuration(), root())) {
            Map<?, ?> doc = new ObjectMapper()
                    .readValue(tmp.resolve("out/s/" + OutputLock.FILE).toFile(), Map.class);
            assertEquals(ProcessHandle.current().pid(), ((Number) doc.get("pid")).longValue());
        }
        assertFalse(Files.exists(tmp.resolve("out/s/" + OutputLock.FILE)), "released on close");
    }

    private void writeLock(String host, long heartbeatMillis) throws IOException {
        Files.createDirectories(tmp.resolve("out/s"));
        Files.writeString(
                tmp.resolve("out/s/" + OutputLock.FILE),
                new ObjectMapper()
                        .writeValueAsString(Map.of(
                                "host",
                                host,
                                "pid",
                                1,
                                "since",
                                "2026-01-01T00:00:00Z",
                                "heartbeat_millis",
                                heartbeatMillis,
                                "token",
                                "t")));
    }

    @Test
    void aLockFromAnotherHostExpiresWithItsHeartbeat() throws IOException {
        long now = 1_800_000_000_000L;
        writeLock("other-host", now - OutputLock.STALE_AFTER.toMillis() + 5_000);
        OutputException e = assertThrows(
                OutputException.class, () -> OutputLock.acquire(new Configuration(), root(), () -> now, false));
        assertTrue(
                e.getMessage().contains("pid 1 on other-host, since 2026-01-01T00:00:00Z, alive 115 s ago"),
                e.getMessage());

        writeLock("other-host", now - OutputLock.STALE_AFTER.toMillis() - 5_000);
        OutputLock.acquire(new Configuration(), root(), () -> now, false).close();
    }

    @Test
    void theHeartbeatKeepsALongRunAlive() throws IOException {
        long[] now = {1_800_000_000_000L};
        OutputLock lock = OutputLock.acquire(new Configuration(), root(), () -> now[0], false);
        now[0] += OutputLock.STALE_AFTER.toMillis() + 1_000;
        lock.beat();
        Map<?, ?> doc = new ObjectMapper()
                .readValue(tmp.resolve("out/s/" + OutputLock.FILE).toFile(), Map.class);
        assertEquals(now[0], ((Number) doc.get("heartbeat_millis")).longValue());
        lock.close();
    }

    @Test
    void aRefusedRunLeavesNoEmptyFoldersBehind() {
        OutputLock.acquire(new Configuration(), root(), System::currentTimeMillis, false)
                .close();
        assertFalse(Files.exists(tmp.resolve("out")), "the folders taking the lock created are gone again");
    }
}
