package io.sparksweep.data;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.util.Sha256;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void aKnownDatasetWithOtherBytesIsADifferentCopyNotCorrupt() throws IOException {
        Path dir = TinyIdx.write(tmp.resolve("mnist"), 8, 4, true);
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(dir.toUri().toString(), "mnist"));
        assertTrue(e.getMessage().startsWith(dir + ": not mnist's train-images-idx3-ubyte (SHA-256 "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("...): a different or damaged copy; use dataset: idx:" + dir
                                + " for your own images, or point --data-dir at an unmodified mnist folder"),
                e.getMessage());
        assertFalse(e.getMessage().contains("delete") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    /** Two tiny datasets stand for mnist and fashion-mnist: their real checksums cannot be faked. */
    private Map<String, Map<String, String>> twoKnown(Path a, Path b) throws IOException {
        return Map.of("mnist", checksums(a), "fashion-mnist", checksums(b));
    }

    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String stem : DatasetFiles.ALL) {
            m.put(stem, HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(dir.resolve(stem)))));
        }
        return m;
    }

    @Test
    void aFolderOfAnotherKnownDatasetIsNamedAndNotCalledCorrupt() throws IOException {
        Path mnist = TinyIdx.write(tmp.resolve("m"), 8, 4, false);
        Path fashion = TinyIdx.write(tmp.resolve("f"), 12, 4, false);
        Map<String, Map<String, String>> known = twoKnown(mnist, fashion);
        assertEquals(
                8, DatasetLoader.load(mnist.toUri().toString(), "mnist", known).trainSize());
        assertEquals(
                12,
                DatasetLoader.load(fashion.toUri().toString(), "fashion-mnist", known)
                        .trainSize());

        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(fashion.toUri().toString(), "mnist", known));
        assertEquals(
                fashion + ": holds fashion-mnist, not mnist (train-images-idx3-ubyte matches fashion-mnist's "
                        + "checksum); use dataset: fashion-mnist, or point --data-dir at a mnist folder",
                e.getMessage());
        e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(mnist.toUri().toString(), "fashion-mnist", known));
        assertEquals(
                mnist + ": holds mnist, not fashion-mnist (train-images-idx3-ubyte matches mnist's "
                        + "checksum); use dataset: mnist, or point --data-dir at a fashion-mnist folder",
                e.getMessage());
    }

    @Test
    void aFolderOfNeitherKnownDatasetIsADifferentOrDamagedCopy() throws IOException {
        Map<String, Map<String, String>> known =
                twoKnown(TinyIdx.write(tmp.resolve("m"), 8, 4, false), TinyIdx.write(tmp.resolve("f"), 12, 4, false));
        Path mine = TinyIdx.write(tmp.resolve("mine"), 16, 4, true);
        DatasetException e = assertThrows(
                DatasetException.class, () -> DatasetLoader.load(mine.toUri().toString(), "mnist", known));
        String expected = known.get("mnist").get(DatasetFiles.TRAIN_IMAGES).substring(0, 12);
        assertTrue(
                e.getMessage()
                        .matches(Pattern.quote(mine + ": not mnist's train-images-idx3-ubyte (SHA-256 ")
                                + "[0-9a-f]{12}"
                                + Pattern.quote("..., expected " + expected
                                        + "...): a different or damaged copy; use dataset: idx:" + mine
                                        + " for your own images, or point --data-dir at an unmodified mnist folder")),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aDatasetHashNamesTheKnownDatasetItIs() throws IOException {
        Path mnist = TinyIdx.write(tmp.resolve("m"), 8, 4, false);
        Path fashion = TinyIdx.write(tmp.resolve("f"), 12, 4, true);
        Map<String, Map<String, String>> known = twoKnown(mnist, TinyIdx.write(tmp.resolve("fr"), 12, 4, false));
        assertEquals(
                "fashion-mnist",
                DatasetFiles.knownNameOf(
                        DatasetLoader.load(fashion.toUri().toString(), null).sha256(), known));
        assertEquals(
                "mnist",
                DatasetFiles.knownNameOf(
                        DatasetLoader.load(mnist.toUri().toString(), null).sha256(), known));
        assertNull(DatasetFiles.knownNameOf(
                DatasetLoader.load(
                                TinyIdx.write(tmp.resolve("x"), 16, 4, false)
                                        .toUri()
                                        .toString(),
                                null)
                        .sha256(),
                known));
        assertNull(DatasetFiles.knownNameOf("0".repeat(64)));
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
