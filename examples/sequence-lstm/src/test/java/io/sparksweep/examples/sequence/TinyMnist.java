package io.sparksweep.examples.sequence;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tiny MNIST-format folder: classes 0, 1 and 2 only, each a bright vertical band of columns
 * (0-8, 9-18, 19-27) on noise, so every time step (pixel row) shows the class.
 */
final class TinyMnist {

    private TinyMnist() {}

    static Path write(Path dir, int train, int test) throws IOException {
        Random random = new Random(5);
        images(
                dir.resolve("train-images-idx3-ubyte.gz"),
                labels(dir.resolve("train-labels-idx1-ubyte.gz"), train),
                random);
        // the test part raw, not gzipped: both forms are read
        images(dir.resolve("t10k-images-idx3-ubyte"), labels(dir.resolve("t10k-labels-idx1-ubyte"), test), random);
        return dir;
    }

    private static byte[] labels(Path file, int n) throws IOException {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
        }
        try (DataOutputStream out = new DataOutputStream(open(file))) {
            out.writeInt(0x0801);
            out.writeInt(n);
            out.write(labels);
        }
        return labels;
    }

    private static void images(Path file, byte[] labels, Random random) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file))) {
            out.writeInt(0x0803);
            out.writeInt(labels.length);
            out.writeInt(28);
            out.writeInt(28);
            for (byte label : labels) {
                int from = label == 0 ? 0 : label == 1 ? 9 : 19;
                int to = label == 0 ? 8 : label == 1 ? 18 : 27;
                for (int row = 0; row < 28; row++) {
                    for (int col = 0; col < 28; col++) {
                        int v = col >= from && col <= to ? 200 + random.nextInt(56) : random.nextInt(80);
                        out.writeByte(v);
                    }
                }
            }
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
    }
}
