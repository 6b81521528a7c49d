package io.sparksweep.job;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A SparkContext started on a background thread, so the driver's own work overlaps Spark's start-up. */
final class SparkStart {

    private final CompletableFuture<JavaSparkContext> context;

    private SparkStart(SparkConf conf) {
        context = CompletableFuture.supplyAsync(() -> new JavaSparkContext(conf));
    }

    static SparkStart begin(SparkConf conf) {
        return new SparkStart(conf);
    }

    /** The started context; Spark's own start-up failure is rethrown as it was. */
    JavaSparkContext await() throws InterruptedException {
        try {
            return context.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Spark did not start: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the context once it has started (waits for the start if need be); never throws. */
    void stop() {
        try {
            context.join().stop();
        } catch (RuntimeException ignored) {
            // it never started: nothing to stop
        }
    }

    Thread stopInBackground() {
        Thread t = new Thread(this::stop, "sparksweep-spark-stop");
        t.start();
        return t;
    }
}
