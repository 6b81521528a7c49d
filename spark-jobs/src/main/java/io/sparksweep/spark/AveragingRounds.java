package io.sparksweep.spark;

import io.sparksweep.util.Shuffle;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Minibatches dealt once into DL4J's averaging rounds, so that a round reads only its own minibatches.
 *
 * <p>Why: DL4J 1.0.0-M2's direct approach cuts the whole persisted RDD into rounds with one filtering
 * pass over all of it per round, so an epoch reads the data as many times as it has rounds (10 million
 * rows at 5 minibatches per worker per round: ~7 800 reads of 2.3 GB). Here a shuffle deals the
 * minibatches into {@code rounds x workers} partitions, one per worker per round; Spark keeps them as
 * shuffle files on the executors' local disks (the map side runs once, later epochs reuse its output,
 * and a lost executor's share is made again from the data by lineage), and each round is an RDD of
 * only its own partitions.
 *
 * <p>The deal: minibatch {@code k} of source partition {@code i} takes place {@code q = k * sources + i};
 * each block of {@code rounds x workers} consecutive places goes one to a partition, through a seeded
 * affine permutation of its own. With sources of about equal size every partition gets one minibatch
 * per block (balanced to within one), and each from a random source (a plain {@code q mod partitions}
 * would give a partition one source only whenever the counts share a factor).
 */
final class AveragingRounds<T> {

    private final JavaRDD<T> dealt;
    private final int workers;
    private final int rounds;

    private AveragingRounds(JavaRDD<T> dealt, int workers, int rounds) {
        this.dealt = dealt;
        this.workers = workers;
        this.rounds = rounds;
    }

    /**
     * @param atMost    at most this many minibatches are in {@code batches} (an overestimate makes rounds
     *                  a little smaller than {@code perWorker} per worker)
     * @param perWorker minibatches each worker fits between two averagings
     */
    static <T> AveragingRounds<T> deal(JavaRDD<T> batches, long atMost, int workers, int perWorker, long seed) {
        int rounds = roundsFor(atMost, workers, perWorker);
        int parts = rounds * workers;
        JavaRDD<Tuple2<Integer, T>> keyed =
                batches.mapPartitionsWithIndex(new Deal<>(batches.getNumPartitions(), parts, seed), false);
        // an Integer key below parts is its own partition under HashPartitioner
        JavaRDD<T> dealt = JavaPairRDD.fromJavaRDD(keyed)
                .partitionBy(new HashPartitioner(parts))
                .values();
        return new AveragingRounds<>(dealt.setName("minibatches in averaging rounds"), workers, rounds);
    }

    /** How many rounds: enough that none holds more than about {@code perWorker} per worker, at least one. */
    static int roundsFor(long minibatches, int workers, int perWorker) {
        long perRound = (long) workers * perWorker;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / workers, (minibatches + perRound - 1) / perRound));
    }

    int rounds() {
        return rounds;
    }

    /** Round {@code r}'s minibatches: one partition per worker, nothing else read. */
    JavaRDD<T> round(int r) {
        return JavaRDD.fromRDD(
                PartitionPruningRDD.create(dealt.rdd(), new InRange(r * workers, (r + 1) * workers)), dealt.classTag());
    }

    /** The rounds of an epoch in a seeded order, different every epoch. */
    static int[] order(int rounds, long seed, int epoch) {
        int[] order = new int[rounds];
        for (int i = 0; i < rounds; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 31 + epoch);
        Shuffle.ints(order, rng);
        return order;
    }

    /** The partition each minibatch goes to, keyed (see the class comment). */
    private record Deal<T>(int sources, int parts, long seed)
            implements Function2<Integer, Iterator<T>, Iterator<Tuple2<Integer, T>>> {
        @Override
        public Iterator<Tuple2<Integer, T>> call(Integer source, Iterator<T> batches) {
            return new Iterator<>() {
                private long k;
                private long block = -1;
                private long a; // this block's permutation: place p goes to (a * p + c) mod parts
                private long c;

                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Tuple2<Integer, T> next() {
                    long q = k++ * sources + source;
                    if (q / parts != block) {
                        block = q / parts;
                        SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (block + 1)));
                        c = rng.nextLong(parts);
                        a = rng.nextLong(parts) | 1;
                        while (gcd(a, parts) != 1) {
                            a = a % parts + 1;
                        }
                    }
                    return new Tuple2<>((int) ((a * (q % parts) + c) % parts), batches.next());
                }
            };
        }

        private static long gcd(long x, long y) {
            return y == 0 ? x : gcd(y, x % y);
        }
    }

    /** Partition indexes in [from, to): Spark's Int => Boolean, serializable with the RDD. */
    private static final class InRange extends AbstractFunction1<Object, Object> implements Serializable {
        private final int from;
        private final int to;

        InRange(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }
}
