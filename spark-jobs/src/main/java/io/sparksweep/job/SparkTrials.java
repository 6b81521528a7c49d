package io.sparksweep.job;

import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs trials as one Spark job, one task per trial, in plan order (longest first), and hands each
 * result to the driver the moment its task finishes, so results can be committed while the rest
 * still train.
 */
final class SparkTrials {

    private final SimpleFutureAction<BoxedUnit> job;
    private final BlockingQueue<TrialResult> finished = new LinkedBlockingQueue<>();

    private SparkTrials(JavaSparkContext jsc, List<TrialSpec> specs, TrialTask task) {
        JavaRDD<TrialSpec> rdd = jsc.parallelize(specs, specs.size());
        Seq<Object> partitions = JavaConverters.asScalaBuffer(
                IntStream.range(0, specs.size()).boxed().map(i -> (Object) i).toList()).toSeq();
        BlockingQueue<TrialResult> queue = finished;
        job = jsc.sc().submitJob(rdd.rdd(), task, partitions,
                new AbstractFunction2<Object, TrialResult, BoxedUnit>() {
                    @Override
                    public BoxedUnit apply(Object partition, TrialResult result) {
                        queue.add(result); // runs on Spark's scheduler thread: hand over, nothing more
                        return BoxedUnit.UNIT;
                    }
                },
                new AbstractFunction0<BoxedUnit>() {
                    @Override
                    public BoxedUnit apply() {
                        return BoxedUnit.UNIT;
                    }
                });
    }

    static SparkTrials submit(JavaSparkContext jsc, List<TrialSpec> specs, TrialTask task) {
        return new SparkTrials(jsc, specs, task);
    }

    /** The next finished trial, or null if none finished within the timeout. */
    TrialResult poll(long millis) throws InterruptedException {
        return finished.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** True once the job ended (all tasks done, or failed) and every result has been polled. */
    boolean drained() {
        return job.isCompleted() && finished.isEmpty();
    }

    /** The reason the job failed, or null if it succeeded. Call after {@link #drained()}. */
    Throwable failure() {
        scala.util.Try<BoxedUnit> outcome = job.value().get();
        return outcome.isFailure() ? outcome.failed().get() : null;
    }
}
