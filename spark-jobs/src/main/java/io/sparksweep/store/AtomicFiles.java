package io.sparksweep.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Write-then-rename on any Hadoop file system: a file is written under a hidden temporary name
 * ({@code _tmp-<name>.inprogress}, which readers skip) and renamed into place, so nobody ever reads
 * half a file and a killed writer leaves only temporaries, removed by {@link #removeLeftovers}.
 */
public final class AtomicFiles {

    static final String TMP_PREFIX = "_tmp-";
    private static final String TMP_SUFFIX = ".inprogress";

    private AtomicFiles() {}

    static Path temporaryFor(Path target) {
        return new Path(target.getParent(), TMP_PREFIX + target.getName() + TMP_SUFFIX);
    }

    /** Moves a finished temporary onto its target, replacing an older target. */
    static void publish(FileSystem fs, Path tmp, Path target) throws IOException {
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    static void write(Configuration conf, Path target, byte[] bytes) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        fs.setWriteChecksum(false); // no .crc side files next to the files people open
        Path tmp = temporaryFor(target);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        publish(fs, tmp, target);
    }

    /**
     * Copies a local file to {@code target} through a temporary of its own (two attempts of one Spark
     * task may upload at once; each renames a complete file into place).
     */
    public static void upload(Configuration conf, File local, Path target) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        fs.setWriteChecksum(false);
        Path tmp = new Path(target.getParent(), TMP_PREFIX + target.getName() + "-" + UUID.randomUUID() + TMP_SUFFIX);
        fs.copyFromLocalFile(false, true, new Path(local.getAbsoluteFile().toURI()), tmp);
        publish(fs, tmp, target);
    }

    /** What writes a file's bytes to a stream (and leaves closing it to the caller). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} straight from {@code content} through a temporary of its own (as {@link
     * #upload}: two attempts of one task may write at once), without a local copy first.
     */
    public static void write(Configuration conf, Path target, Content content) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        fs.setWriteChecksum(false);
        Path tmp = new Path(target.getParent(), TMP_PREFIX + target.getName() + "-" + UUID.randomUUID() + TMP_SUFFIX);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, false);
            throw e;
        }
        publish(fs, tmp, target);
    }

    /** Deletes the temporaries a killed writer left in dir (not in its subfolders). */
    static void removeLeftovers(Configuration conf, Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir)) {
            for (FileStatus f : fs.listStatus(dir, p -> p.getName().startsWith(TMP_PREFIX))) {
                fs.delete(f.getPath(), false);
            }
        }
    }
}
