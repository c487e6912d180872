package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * Append throughput of the store against the floor the design must not fall below: a plain
 * {@code AtomicLong} ticket ring storing into an array (one fetch-and-add plus one ordered store, no
 * publication protocol, no eviction accounting). Run with {@code -t 1} and {@code -t 2}; compare within
 * one run only. Events are preallocated, so {@code -prof gc} shows what the append itself allocates.
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

        @Setup
        public void setUp() {
            int partitions = Runtime.getRuntime().availableProcessors();
            plain = MetricEvent.storeBuilder().withPartitions(partitions)
                    .withCapacityPerPartition(capacityPerPartition).withWindowTracking(false).create();
            windowed = MetricEvent.storeBuilder().withPartitions(partitions)
                    .withCapacityPerPartition(capacityPerPartition)
                    .withWindow(Duration.ofMinutes(5), Duration.ofSeconds(1)).create();
            ticketRing = new TicketRing(capacityPerPartition);
            ring = new dev.lockfree.eventstore.partition.PartitionRing<>(capacityPerPartition, false, null, null,
                    new dev.lockfree.eventstore.partition.CallbackFailures());
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
}
