package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.Appender;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jctools.queues.MpmcArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of the store against what a user would otherwise pick, in the same run:
 * <ul>
 *   <li>{@code disruptorMP}: LMAX Disruptor 4 multi-producer ring with no gating sequences (so it overwrites),
 *       {@code next()/get()/publish()} storing the event reference into a pre-allocated holder;</li>
 *   <li>{@code jctoolsMpmcOverwrite}, {@code abqOverwrite}: a bounded queue used as an overwrite ring,
 *       {@code while (!q.offer(e)) q.poll();};</li>
 *   <li>{@code clqCapped}: {@code ConcurrentLinkedQueue} capped with an {@code AtomicInteger} counter;</li>
 *   <li>{@code ticketRing}: the floor, a plain {@code AtomicLong} ticket ring storing into an array (one
 *       fetch-and-add plus one ordered store, no publication protocol, no eviction accounting).</li>
 * </ul>
 * Every peer is one shared ring of the same capacity as one partition of the store. Unkeyed store appends go to
 * the producer's own partition ({@code storeAppend}); {@code storeAppendToPartition} forces every producer onto
 * partition 0, the one-shared-ring case. {@code storeAppender} and {@code storeAppenderWithWindow} append through
 * an {@link Appender} each thread acquired once ({@code store.appender()}: its own partition, no routing per event,
 * with windows its own stripe); {@code storeAppenderToPartition} through {@code store.appender(0)} from every
 * thread, the one-shared-ring case again. Run with {@code -t 1} and {@code -t 2}; compare within one run only.
 * Events are preallocated, so {@code -prof gc} shows what the append itself allocates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class AppendBenchmark {

    @State(Scope.Benchmark)
    public static class Stores {

        @Param({"100000", "131072"})
        int capacityPerPartition;

        EventStore<MetricEvent> plain;
        EventStore<MetricEvent> windowed;
        TicketRing ticketRing;
        dev.lockfree.eventstore.partition.PartitionRing<MetricEvent> ring;
        RingBuffer<Holder> disruptor;
        /** The window-on cost split: a bucket window alone, owned stripe 0 (the one benchmark thread). */
        dev.lockfree.eventstore.window.BucketWindow buckets;
        dev.lockfree.eventstore.partition.PartitionRing<MetricEvent> ringWithBuckets;
        dev.lockfree.eventstore.window.BucketWindow bucketsOfRing;
        MpmcArrayQueue<Object> jctools;
        ArrayBlockingQueue<Object> abq;
        CappedClq clq;

        @Setup
        public void setUp() {
            int partitions = Runtime.getRuntime().availableProcessors();
            plain = MetricEvent.storeBuilder().withPartitions(partitions)
                    .withCapacityPerPartition(capacityPerPartition).withWindowTracking(false).create();
            windowed = MetricEvent.storeBuilder().withPartitions(partitions)
                    .withCapacityPerPartition(capacityPerPartition)
                    .withWindow(Duration.ofMinutes(5), Duration.ofSeconds(1)).create();
            ticketRing = new TicketRing(capacityPerPartition);
            buckets = new dev.lockfree.eventstore.window.BucketWindow(1_000, 300, 2, 1);
            bucketsOfRing = new dev.lockfree.eventstore.window.BucketWindow(1_000, 300, 2, 1);
            ringWithBuckets = new dev.lockfree.eventstore.partition.PartitionRing<>(capacityPerPartition, false, null,
                    null, new dev.lockfree.eventstore.partition.CallbackFailures());
            ring = new dev.lockfree.eventstore.partition.PartitionRing<>(capacityPerPartition, false, null, null,
                    new dev.lockfree.eventstore.partition.CallbackFailures());
            // Disruptor needs a power of two; no gating sequence is added, so producers overwrite freely. Busy-spin
            // is its fastest publish: signalAllWhenBlocking is a no-op (the default BlockingWaitStrategy takes a
            // lock on every publish, which would make the peer look slower than it is).
            int pow2 = Integer.highestOneBit(capacityPerPartition - 1) << 1;
            disruptor = RingBuffer.createMultiProducer(Holder::new, Math.max(pow2, 2), new BusySpinWaitStrategy());
            jctools = new MpmcArrayQueue<>(capacityPerPartition);
            abq = new ArrayBlockingQueue<>(capacityPerPartition);
            clq = new CappedClq(capacityPerPartition);
        }
    }

    /** Disruptor's pre-allocated entry: the append publishes the event reference into it. */
    public static final class Holder {
        Object event;
    }

    /** {@code ConcurrentLinkedQueue} with a size cap (its {@code size()} is O(n), so a counter). */
    public static final class CappedClq {
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int cap;

        CappedClq(int cap) {
            this.cap = cap;
        }

        boolean append(Object event) {
            queue.offer(event);
            if (size.incrementAndGet() > cap && queue.poll() != null) {
                size.decrementAndGet();
            }
            return true;
        }
    }

    /** The appenders of one benchmark thread, acquired on that thread (as a producer would). */
    @State(Scope.Thread)
    public static class Appenders {
        Appender<MetricEvent> plain;
        Appender<MetricEvent> windowed;
        Appender<MetricEvent> partition0;

        @Setup
        public void setUp(Stores stores) {
            plain = stores.plain.appender();
            windowed = stores.windowed.appender();
            partition0 = stores.plain.appender(0);
        }
    }

    /** Per-thread preallocated events with timestamps inside the window. */
    @State(Scope.Thread)
    public static class Events {
        public Events() {
        }

        final MetricEvent[] events = new MetricEvent[1024];
        int next;

        @Setup
        public void setUp() {
            long now = System.currentTimeMillis();
            for (int i = 0; i < events.length; i++) {
                events[i] = new MetricEvent("cpu", i, now + i);
            }
        }

        MetricEvent next() {
            return events[next++ & (events.length - 1)];
        }
    }

    /** The control: what a naive multi-producer overwrite ring costs. */
    public static final class TicketRing {
        private final AtomicLong ticket = new AtomicLong();
        private final AtomicReferenceArray<Object> slots;
        private final int capacity;

        TicketRing(int capacity) {
            this.capacity = capacity;
            this.slots = new AtomicReferenceArray<>(capacity);
        }

        boolean append(Object event) {
            long t = ticket.getAndIncrement();
            slots.lazySet((int) (t % capacity), event);
            return true;
        }
    }

    @Benchmark
    public boolean ticketRing(Stores stores, Events events) {
        return stores.ticketRing.append(events.next());
    }

    @Benchmark
    public long disruptorMP(Stores stores, Events events) {
        RingBuffer<Holder> ring = stores.disruptor;
        long sequence = ring.next();
        ring.get(sequence).event = events.next();
        ring.publish(sequence);
        return sequence;
    }

    @Benchmark
    public boolean jctoolsMpmcOverwrite(Stores stores, Events events) {
        return offerEvictingOldest(stores.jctools, events.next());
    }

    @Benchmark
    public boolean abqOverwrite(Stores stores, Events events) {
        return offerEvictingOldest(stores.abq, events.next());
    }

    /** The idiom users hand-roll to make a bounded queue forget its oldest element (JCTools #139). */
    private static boolean offerEvictingOldest(java.util.Queue<Object> queue, Object event) {
        while (!queue.offer(event)) {
            queue.poll();
        }
        return true;
    }

    @Benchmark
    public boolean clqCapped(Stores stores, Events events) {
        return stores.clq.append(events.next());
    }

    @Benchmark
    public boolean ringOnly(Stores stores, Events events) {
        return stores.ring.offer(events.next());
    }

    @Benchmark
    public boolean storeAppendToPartition(Stores stores, Events events) {
        return stores.plain.tryAppend(events.next(), 0);
    }

    @Benchmark
    public boolean storeAppend(Stores stores, Events events) {
        return stores.plain.tryAppend(events.next());
    }

    @Benchmark
    public boolean storeAppendWithWindow(Stores stores, Events events) {
        return stores.windowed.tryAppend(events.next());
    }

    @Benchmark
    public boolean storeAppender(Appenders appenders, Events events) {
        return appenders.plain.tryAppend(events.next());
    }

    @Benchmark
    public boolean storeAppenderWithWindow(Appenders appenders, Events events) {
        return appenders.windowed.tryAppend(events.next());
    }

    @Benchmark
    public boolean storeAppenderToPartition(Appenders appenders, Events events) {
        return appenders.partition0.tryAppend(events.next());
    }

    /**
     * Where a window-on append's time goes (run with {@code -t 1} only: the owned stripe has one writer): the
     * bucket update alone ({@code bucketsOwnedOnly}), the ring append followed by it without the store around them
     * ({@code ringThenBucketsOwned}); compare with {@code ringOnly} and {@code storeAppenderWithWindow}.
     */
    @Benchmark
    public boolean bucketsOwnedOnly(Stores stores, Events events) {
        MetricEvent e = events.next();
        return stores.buckets.recordOwned(e.timestamp(), e.value(), 0);
    }

    @Benchmark
    public boolean ringThenBucketsOwned(Stores stores, Events events) {
        MetricEvent e = events.next();
        stores.ringWithBuckets.offer(e);
        return stores.bucketsOfRing.recordOwned(e.timestamp(), e.value(), 0);
    }
}
