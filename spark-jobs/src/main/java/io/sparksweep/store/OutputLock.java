package io.sparksweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One driver per sweep folder: {@code <out>/<sweep>/_sparksweep.lock} names its holder (host, pid,
 * since) and a heartbeat the holder rewrites every {@link #HEARTBEAT}. A second driver is refused at
 * once. A lock whose holder died is not forever: on the same host a dead pid frees it at once, and
 * anywhere (HDFS, S3, another host) a heartbeat older than {@link #STALE_AFTER} does.
 *
 * <p>Creation is atomic where the file system offers it (a new local file, HDFS create without
 * overwrite); on object stores without that guarantee two drivers starting in the same instant can
 * both win, which the heartbeat check narrows but cannot exclude.
 */
public final class OutputLock implements AutoCloseable {

    static final String FILE = "_sparksweep.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path file;
    private final String token = UUID.randomUUID().toString();
    private final String since;
    private final LongSupplier clock;
    private final ScheduledExecutorService heartbeat;
    /** The folders taking the lock created (sweep folder first), removed again if the run leaves them empty. */
    private final List<Path> created = new ArrayList<>();

    private OutputLock(FileSystem fs, Path file, LongSupplier clock) {
        this.fs = fs;
        this.file = file;
        this.clock = clock;
        this.since = Instant.ofEpochMilli(clock.getAsLong()).toString();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparksweep-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the lock of a sweep folder, or refuses in one line naming the holder. */
    public static OutputLock acquire(Configuration conf, Path sweepRoot) {
        return acquire(conf, sweepRoot, System::currentTimeMillis, true);
    }

    static OutputLock acquire(Configuration conf, Path sweepRoot, LongSupplier clock, boolean beat) {
        Path file = new Path(sweepRoot, FILE);
        try {
            FileSystem fs = file.getFileSystem(conf);
            OutputLock lock = new OutputLock(fs, file, clock);
            for (Path p = sweepRoot; p != null && !fs.exists(p); p = p.getParent()) {
                lock.created.add(p);
            }
            if (!lock.tryCreate()) {
                Map<?, ?> holder = lock.readHolder();
                String staleBecause = holder == null ? "unreadable" : staleBecause(holder, clock.getAsLong());
                if (staleBecause == null) {
                    throw new OutputException(sweepRoot + " is in use by another sparksweep driver ("
                            + describe(holder, clock.getAsLong())
                            + "); wait for it to finish or stop it. A killed driver's lock expires "
                            + STALE_AFTER.toMinutes()
                            + " minutes after its last heartbeat (at once on the same host)");
                }
                // the holder is gone: take its place, unless another driver is faster
                fs.delete(file, false);
                if (!lock.tryCreate()) {
                    throw new OutputException(
                            sweepRoot + " was just taken by another sparksweep driver; try again later");
                }
            }
            if (beat) {
                lock.heartbeat.scheduleAtFixedRate(
                        lock::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return lock;
        } catch (IOException e) {
            throw new OutputException("cannot lock " + sweepRoot + ": " + e.getMessage(), e);
        }
    }

    /** Null when the holder is alive; else why it is not. */
    static String staleBecause(Map<?, ?> holder, long now) {
        Object host = holder.get("host");
        Object pid = holder.get("pid");
        if (localHost().equals(host)
                && pid instanceof Number p
                && ProcessHandle.of(p.longValue()).isEmpty()) {
            return "pid " + p + " is not running";
        }
        Object beat = holder.get("heartbeat_millis");
        long age = beat instanceof Number b ? now - b.longValue() : Long.MAX_VALUE;
        return age > STALE_AFTER.toMillis()
                ? "no heartbeat for " + Duration.ofMillis(age).toSeconds() + " s"
                : null;
    }

    private static String describe(Map<?, ?> holder, long now) {
        Object beat = holder.get("heartbeat_millis");
        return "pid " + holder.get("pid") + " on " + holder.get("host") + ", since " + holder.get("since")
                + (beat instanceof Number b ? ", alive " + Math.max(0, (now - b.longValue()) / 1000) + " s ago" : "");
    }

    private boolean tryCreate() throws IOException {
        byte[] content = content();
        fs.mkdirs(file.getParent());
        if (fs instanceof LocalFileSystem local) {
            // java.nio's CREATE_NEW is atomic; Hadoop's local create(overwrite=false) checks, then creates
            java.nio.file.Path p = local.pathToFile(file).toPath();
            try {
                Files.write(p, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) {
                return false; // HDFS reports a lost race as a RemoteException wrapping
                // AlreadyBeingCreated/FileAlreadyExists
            }
            throw e;
        }
    }

    private byte[] content() throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("host", localHost());
        doc.put("pid", ProcessHandle.current().pid());
        doc.put("since", since);
        doc.put("heartbeat_millis", clock.getAsLong());
        doc.put("token", token);
        return JSON.writeValueAsBytes(doc);
    }

    private Map<?, ?> readHolder() {
        try (InputStream in = fs.open(file)) {
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            return null; // vanished or half-written: treated as stale
        }
    }

    /** Rewrites the heartbeat, as long as the lock is still ours. */
    void beat() {
        Map<?, ?> holder = readHolder();
        if (holder != null && token.equals(holder.get("token"))) {
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(content());
            } catch (IOException ignored) {
                // the next beat retries; only a stall past STALE_AFTER lets another driver in
            }
        }
    }

    /** Stops the heartbeat and removes the lock if it is still ours. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        Map<?, ?> holder = readHolder();
        if (holder != null && token.equals(holder.get("token"))) {
            try {
                fs.delete(file, false);
            } catch (IOException ignored) {
                // a leftover lock names a dead pid, so the next run on this host takes it over
            }
        }
        removeEmptyFoldersWeCreated();
    }

    /** A run refused after the lock was taken (no dataset, no master) leaves no empty folders behind. */
    private void removeEmptyFoldersWeCreated() {
        try {
            for (Path p : created) {
                if (!fs.exists(p) || fs.listStatus(p).length > 0 || !fs.delete(p, false)) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // an empty folder left behind is harmless
        }
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
