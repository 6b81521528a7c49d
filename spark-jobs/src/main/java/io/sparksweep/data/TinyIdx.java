package io.sparksweep.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tiny, learnable MNIST-format dataset (for tests, and for {@code ClassArchiveRun}): 8×8
 * images of 4 classes, each class a bright quadrant over dim noise.
 */
public final class TinyIdx {

    public static final int SIDE = 8;
    public static final int CLASSES = 4;

    private TinyIdx() {}

    public static Path write(Path dir, int train, int test, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(1234);
        byte[][] train_ = images(train, rng);
        byte[][] test_ = images(test, rng);
        writeIdx(dir, "train-images-idx3-ubyte", gzip, train_[0], train, SIDE, SIDE);
        writeIdx(dir, "train-labels-idx1-ubyte", gzip, train_[1], train);
        writeIdx(dir, "t10k-images-idx3-ubyte", gzip, test_[0], test, SIDE, SIDE);
        writeIdx(dir, "t10k-labels-idx1-ubyte", gzip, test_[1], test);
        return dir;
    }

    private static byte[][] images(int n, Random rng) {
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = (byte) c;
            for (int r = 0; r < SIDE; r++) {
                for (int col = 0; col < SIDE; col++) {
                    boolean bright = (r < SIDE / 2) == (c < 2) && (col < SIDE / 2) == (c % 2 == 0);
                    int v = bright ? 180 + rng.nextInt(76) : rng.nextInt(80);
                    pixels[i * SIDE * SIDE + r * SIDE + col] = (byte) v;
                }
            }
        }
        return new byte[][] {pixels, labels};
    }

    public static void writeIdx(Path dir, String name, boolean gzip, byte[] data, int... dims) throws IOException {
        Path file = dir.resolve(gzip ? name + ".gz" : name);
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream o = gzip ? new GZIPOutputStream(raw) : raw;
                DataOutputStream out = new DataOutputStream(o)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }
}
