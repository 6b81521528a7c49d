import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small, learnable MNIST-shaped dataset (28x28 grey images, 10 classes, IDX gzip files) for
 * tests that must run without the real MNIST: each class is a bar at its own position and angle,
 * with pixel noise and jitter. Run without compiling: java deploy/tools/SyntheticDigits.java DIR [train] [test]
 */
public class SyntheticDigits {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int train = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int test = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        Files.createDirectories(dir);
        Random rng = new Random(42);
        write(dir, "train", train, rng);
        write(dir, "t10k", test, rng);
    }

    static void write(Path dir, String prefix, int n, Random rng) throws IOException {
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(10);
            labels[i] = (byte) label;
            double angle = Math.PI * label / 10, cx = 14 + rng.nextGaussian(), cy = 14 + rng.nextGaussian();
            for (int t = -10; t <= 10; t++) {
                int x = (int) Math.round(cx + t * Math.cos(angle)), y = (int) Math.round(cy + t * Math.sin(angle));
                for (int w = -1; w <= 1; w++) {
                    if (x >= 0 && x < 28 && y + w >= 0 && y + w < 28) {
                        images[i * 784 + (y + w) * 28 + x] = (byte) 220;
                    }
                }
            }
            for (int p = 0; p < 784; p++) {
                int v = (images[i * 784 + p] & 0xFF) + rng.nextInt(40);
                images[i * 784 + p] = (byte) Math.min(255, v);
            }
        }
        try (DataOutputStream out = new DataOutputStream(gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz")))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(images);
        }
        try (DataOutputStream out = new DataOutputStream(gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz")))) {
            out.writeInt(0x801);
            out.writeInt(n);
            out.write(labels);
        }
    }

    static OutputStream gzip(Path p) throws IOException {
        return new GZIPOutputStream(Files.newOutputStream(p));
    }
}
