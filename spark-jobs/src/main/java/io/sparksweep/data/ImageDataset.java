package io.sparksweep.data;

/**
 * A labelled image classification dataset held in memory as raw bytes (47 MB for MNIST's
 * training set; float copies are made per batch). Images are row-major, rows × cols pixels each.
 *
 * @param sha256 SHA-256 over the four uncompressed IDX files, in a fixed order
 */
public record ImageDataset(
        String source,
        int rows,
        int cols,
        int numClasses,
        byte[] trainImages,
        byte[] trainLabels,
        byte[] testImages,
        byte[] testLabels,
        String sha256) {

    public int features() {
        return rows * cols;
    }

    public int trainSize() {
        return trainLabels.length;
    }

    public int testSize() {
        return testLabels.length;
    }
}
