package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Capturing a full partition for a snapshot ({@code StoreInternals.of(store).capture(p)}: a consistent run of published
 * slots into a new list, without blocking producers) against the plain copy of the same number of references:
 * {@code System.arraycopy} into a new array (the same allocation a capture needs) and into a reused one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// 32 MiB G1 regions: the 4 MiB copies are ordinary allocations, not humongous objects (whose allocation and
// reclamation otherwise dominate and make both sides swing by 3x between runs).
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:G1HeapRegionSize=32m"})
public class CaptureBenchmark {

    @State(Scope.Benchmark)
    public static class Full {
        @Param({"1048576"})
        int events;

        EventStore<MetricEvent> store;
        Object[] source;
        Object[] target;

        @Setup(Level.Trial)
        public void setUp() {
            store = MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(events)
                    .withWindowTracking(false).create();
            source = new Object[events];
            target = new Object[events];
            // Fill one and a half times so the ring has wrapped: a full partition in steady state.
            for (int i = 0; i < events + events / 2; i++) {
                MetricEvent e = new MetricEvent("cpu", i, 1_700_000_000_000L + i);
                store.tryAppend(e, 0);
                source[i % events] = e;
            }
            if (store.partitionSize(0) != events) {
                throw new IllegalStateException("partition not full: " + store.partitionSize(0));
            }
        }
    }

    @Benchmark
    public int capturePartition(Full f) {
        return StoreInternals.of(f.store).capture(0).events().size();
    }

    @Benchmark
    public Object[] arraycopyNewArray(Full f) {
        Object[] copy = new Object[f.events];
        System.arraycopy(f.source, 0, copy, 0, f.events);
        return copy;
    }

    @Benchmark
    public Object[] arraycopyReused(Full f) {
        System.arraycopy(f.source, 0, f.target, 0, f.events);
        return f.target;
    }
}
