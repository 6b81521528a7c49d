package io.sparksweep.data;

import io.sparksweep.space.DatasetSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsRawAndGzipToTheSameDatasetAndHash() throws IOException {
        ImageDataset raw = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("raw"), 40, 12, false).toUri().toString(), null);
        ImageDataset gz = DatasetLoader.load(
                TinyIdx.write(tmp.resolve("gz"), 40, 12, true).toUri().toString(), null);
        assertEquals(40, raw.trainSize());
        assertEquals(12, raw.testSize());
        assertEquals(8, raw.rows());
        assertEquals(8, raw.cols());
        assertEquals(4, raw.numClasses());
        assertArrayEquals(raw.trainImages(), gz.trainImages());
        assertEquals(raw.sha256(), gz.sha256(), "the hash is over uncompressed bytes");
    }

    @Test
    void idxHeaderAndBody() throws Exception {
        byte[] file = {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, (byte) 255};
        IdxReader.IdxArray a =
                IdxReader.read(new ByteArrayInputStream(file), "x", MessageDigest.getInstance("SHA-256"));
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertEquals((byte) 255, a.data()[5]);
    }

    @Test
    void refusesAFileThatIsNotIdx() throws Exception {
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> IdxReader.read(
                        new ByteArrayInputStream("<html>not found</html>".getBytes()),
                        "t.idx",
                        MessageDigest.getInstance("SHA-256")));
        assertTrue(e.getMessage().startsWith("t.idx: not an IDX file"), e.getMessage());
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        byte[] file = {0, 0, 8, 1, 0, 0, 0, 10, 1, 2, 3};
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> IdxReader.read(new ByteArrayInputStream(file), "t.idx", MessageDigest.getInstance("SHA-256")));
        assertEquals("t.idx: truncated: header promises 10 bytes of data", e.getMessage());
    }

    @Test
    void namesTheMissingFile() throws IOException {
        Path dir = TinyIdx.write(tmp.resolve("d"), 8, 4, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(dir.toUri().toString(), null));
        assertTrue(
                e.getMessage().endsWith("missing t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)"),
                e.getMessage());
    }

    @Test
    void refusesImagesAndLabelsOfDifferentCounts() throws IOException {
        Path dir = TinyIdx.write(tmp.resolve("d"), 8, 4, false);
        TinyIdx.writeIdx(dir, "train-labels-idx1-ubyte", false, new byte[7], 7);
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(dir.toUri().toString(), null));
        assertTrue(e.getMessage().endsWith("8 training images but 7 labels"), e.getMessage());
    }

    @Test
    void aKnownDatasetWithTheWrongBytesIsCorrupt() throws IOException {
        Path dir = TinyIdx.write(tmp.resolve("mnist"), 8, 4, true);
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(dir.toUri().toString(), "mnist"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: corrupt"), e.getMessage());
    }

    @Test
    void dataDirWithoutTheFilesIsAClearError() {
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetResolver.resolve(DatasetSpec.parse("mnist"), tmp.toString()));
        assertTrue(e.getMessage().startsWith("--data-dir " + tmp + ": no mnist files there"), e.getMessage());
    }

    @Test
    void dataDirMayHoldTheFilesOrANamedFolderOfThem() throws IOException {
        TinyIdx.write(tmp.resolve("fashion-mnist"), 8, 4, true);
        DatasetResolver.Resolved r = DatasetResolver.resolve(DatasetSpec.parse("fashion-mnist"), tmp.toString());
        assertEquals(tmp.resolve("fashion-mnist").toUri().toString(), r.location());
        assertEquals("fashion-mnist", r.knownName());
    }

    @Test
    void theCacheDecodesOncePerJvm() throws IOException {
        String loc = TinyIdx.write(tmp.resolve("c"), 8, 4, true).toUri().toString();
        int before = DatasetCache.loads();
        ImageDataset a = DatasetCache.get(loc, null, null);
        ImageDataset b = DatasetCache.get(loc, null, a.sha256());
        assertEquals(before + 1, DatasetCache.loads());
        assertTrue(a == b);
        assertThrows(DatasetException.class, () -> DatasetCache.get(loc, null, "0".repeat(64)));
    }
}
