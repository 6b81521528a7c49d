package io.sparksweep.train;

/**
 * The two reusable batches of a pass over {@code count} examples in steps of {@code size}: a full
 * one and, when {@code count} is not a multiple of {@code size}, one for the remainder. The fast
 * steps bind their ops to a batch's arrays, so they are rebuilt only when the batch changes.
 */
final class Batches implements AutoCloseable {

    /** The step between batches: the configured batch size (it may exceed {@code count}). */
    final int size;

    private final int count;
    private final Batch full;
    private final Batch last;

    Batches(int count, int size, int f, int k, boolean reconstruct) {
        this.count = count;
        this.size = size;
        full = new Batch(Math.min(size, count), f, k, reconstruct);
        last = count % size == 0 || count < size ? null : new Batch(count % size, f, k, reconstruct);
    }

    /** The batch that holds the examples from {@code start} on: the full one unless fewer remain. */
    Batch at(int start) {
        return count - start >= full.size ? full : last;
    }

    @Override
    public void close() {
        if (last != null) {
            last.close();
        }
        full.close();
    }
}
