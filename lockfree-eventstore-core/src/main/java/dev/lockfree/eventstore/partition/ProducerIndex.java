package dev.lockfree.eventstore.partition;

/**
 * A number per producer thread, used by unkeyed appends to put each producer on its own partition (and
 * window stripe): a shared ring does not scale across cores whoever writes it (perf-anchors: about 10x
 * slower at 2 producers).
 *
 * <p>It is the thread id: the JVM hands ids out sequentially, so threads started one after another (a
 * pool, a set of workers) get consecutive numbers and the first P of them land on P distinct
 * partitions. Reading it costs two loads; a {@code ThreadLocal} lookup measured several nanoseconds on
 * the append path.
 */
public final class ProducerIndex {

    private ProducerIndex() {
    }

    /** The calling thread's index, never negative. */
    @SuppressWarnings("deprecation") // Thread.threadId() only exists from Java 19; the id is the same
    public static int current() {
        return (int) (Thread.currentThread().getId() & Integer.MAX_VALUE);
    }
}
