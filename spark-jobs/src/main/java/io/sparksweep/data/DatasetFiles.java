package io.sparksweep.data;

import io.sparksweep.util.Sha256;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The four files of an MNIST-format dataset and the checksums of the datasets we know by name. */
public final class DatasetFiles {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** SHA-256 of each uncompressed file. */
    public static final Map<String, Map<String, String>> KNOWN = Map.of(
            "mnist",
                    Map.of(
                            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            "fashion-mnist",
                    Map.of(
                            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /** Public mirrors serving the gzip files under their standard names. */
    public static final Map<String, List<String>> MIRRORS = Map.of(
            "mnist",
                    List.of(
                            "https://ossci-datasets.s3.amazonaws.com/mnist/",
                            "https://storage.googleapis.com/cvdf-datasets/mnist/"),
            "fashion-mnist", List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

    private DatasetFiles() {}

    /**
     * A dataset's SHA-256 (what {@link ImageDataset#sha256()} and a sweep's {@code dataset_sha256} hold):
     * the hash of its four files' checksums in hex, in the order of {@link #ALL}.
     */
    public static String datasetSha256(List<String> fileSha256s) {
        return Sha256.hex(String.join("", fileSha256s));
    }

    /** The known dataset ("mnist", "fashion-mnist") whose files give this dataset SHA-256, or null. */
    public static String knownNameOf(String datasetSha256) {
        return knownNameOf(datasetSha256, KNOWN);
    }

    static String knownNameOf(String datasetSha256, Map<String, Map<String, String>> known) {
        for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(known).entrySet()) {
            if (datasetSha256(ALL.stream().map(e.getValue()::get).toList()).equals(datasetSha256)) {
                return e.getKey();
            }
        }
        return null;
    }
}
