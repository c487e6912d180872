package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.PartitionView;
import dev.lockfree.eventstore.partition.PartitionRing;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * Reading a full partition without copying it: summing the values through the in-place {@link PartitionView}
 * ({@code forEach}, every slot validated) and chunk by chunk into a reused 1,024-event buffer
 * ({@code forEachChunk}), against summing a plain array of the same events (the floor) and copying the partition
 * first ({@code copyPartition}). The view rows should allocate nothing ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ViewBenchmark {

    @State(Scope.Benchmark)
    public static class Full {
        @Param({"65536"})
        int events;

        EventStore<MetricEvent> store;
        PartitionView<MetricEvent> view;
        MetricEvent[] array;

        @Setup(Level.Trial)
        public void setUp() {
            store = MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(events)
                    .withWindowTracking(false).create();
            array = new MetricEvent[events];
            for (int i = 0; i < events + events / 2; i++) {
                MetricEvent e = new MetricEvent("cpu", i, 1_700_000_000_000L + i);
                store.tryAppend(e, 0);
                array[i % events] = e;
            }
            view = store.view(0);
        }
    }

    /** A reusable summing visitor and chunk consumer: no capture allocated per call. */
    @State(Scope.Thread)
    public static class Summer implements Predicate<MetricEvent>, PartitionRing.Chunks<MetricEvent> {
        final MetricEvent[] buffer = new MetricEvent[1024];
        double sum;

        @Override
        public boolean test(MetricEvent e) {
            sum += e.value();
            return true;
        }

        @Override
        public boolean accept(MetricEvent[] chunk, int count) {
            double s = 0;
            for (int i = 0; i < count; i++) {
                s += chunk[i].value();
            }
            sum += s;
            return true;
        }
    }

    @Benchmark
    public double viewForEach(Full f, Summer s) {
        s.sum = 0;
        f.view.forEach(s);
        return s.sum;
    }

    @Benchmark
    public double viewChunked(Full f, Summer s) {
        s.sum = 0;
        f.view.forEachChunk(s.buffer, s);
        return s.sum;
    }

    @Benchmark
    public double arraySum(Full f) {
        double sum = 0;
        for (MetricEvent e : f.array) {
            sum += e.value();
        }
        return sum;
    }

    @Benchmark
    public double copyThenSum(Full f) {
        double sum = 0;
        for (MetricEvent e : f.store.copyPartition(0)) {
            sum += e.value();
        }
        return sum;
    }
}
