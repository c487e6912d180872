package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import io.github.resilience4j.core.metrics.LockFreeSlidingTimeWindowMetrics;
import io.github.resilience4j.core.metrics.Metrics;
import io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of keeping a 10-second sliding window in 1-second slices, per recorded value: our windowed append
 * (ring append plus bucket update) against resilience4j 2 {@code LockFreeSlidingTimeWindowMetrics} and its
 * synchronized {@code SlidingTimeWindowMetrics}, and Micrometer {@code TimeWindowMax} (max only), all fed the
 * same values. The peers read the clock on every record, so the fair row for them is
 * {@code storeWindowAppendClock}: it reads {@code System.currentTimeMillis()} into a reused per-thread event
 * before appending (the event object is recycled, so the ring's content is meaningless; the cost is real).
 * {@code storeWindowAppend} uses pre-allocated events with caller timestamps (no clock read) and
 * {@code storeWindowAppendNewEvent} allocates a {@code MetricEvent} per append, as simple user code would.
 * Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class WindowUpdateBenchmark {

    static final int WINDOW_SECONDS = 10;

    /** A reusable event for the clocked variant. */
    public static final class Sample {
        long timestamp;
        double value;
    }

    @State(Scope.Benchmark)
    public static class Windows {
        EventStore<MetricEvent> store;
        EventStore<Sample> sampleStore;
        Metrics r4jLockFree;
        Metrics r4jSync;
        TimeWindowMax micrometer;

        @Setup
        public void setUp() {
            int partitions = Runtime.getRuntime().availableProcessors();
            Duration window = Duration.ofSeconds(WINDOW_SECONDS);
            store = MetricEvent.storeBuilder().withPartitions(partitions).withCapacityPerPartition(131072)
                    .withWindow(window, Duration.ofSeconds(1)).create();
            sampleStore = EventStore.<Sample>builder().withPartitions(partitions).withCapacityPerPartition(131072)
                    .withTimestampSelector(s -> s.timestamp).withValueSelector(s -> s.value)
                    .withWindow(window, Duration.ofSeconds(1)).create();
            r4jLockFree = new LockFreeSlidingTimeWindowMetrics(WINDOW_SECONDS);
            r4jSync = new SlidingTimeWindowMetrics(WINDOW_SECONDS, Clock.systemUTC());
            micrometer = new TimeWindowMax(io.micrometer.core.instrument.Clock.SYSTEM, 1000, WINDOW_SECONDS);
        }
    }

    /** Per-thread values (and pre-allocated events carrying them). */
    @State(Scope.Thread)
    public static class Values {
        final MetricEvent[] events = new MetricEvent[1024];
        final Sample[] samples = new Sample[1024];
        int next;

        @Setup
        public void setUp() {
            long now = System.currentTimeMillis();
            for (int i = 0; i < events.length; i++) {
                events[i] = new MetricEvent("latency", i, now + i);
                samples[i] = new Sample();
            }
        }

        int nextIndex() {
            return next++ & 1023;
        }
    }

    @Benchmark
    public boolean storeWindowAppend(Windows w, Values v) {
        return w.store.tryAppend(v.events[v.nextIndex()]);
    }

    @Benchmark
    public boolean storeWindowAppendClock(Windows w, Values v) {
        int i = v.nextIndex();
        Sample s = v.samples[i];
        s.timestamp = System.currentTimeMillis();
        s.value = i;
        return w.sampleStore.tryAppend(s);
    }

    @Benchmark
    public boolean storeWindowAppendNewEvent(Windows w, Values v) {
        return w.store.tryAppend(new MetricEvent("latency", v.nextIndex(), System.currentTimeMillis()));
    }

    @Benchmark
    public Object r4jLockFree(Windows w, Values v) {
        return w.r4jLockFree.record(v.nextIndex(), TimeUnit.MILLISECONDS, Metrics.Outcome.SUCCESS);
    }

    @Benchmark
    public Object r4jSynchronized(Windows w, Values v) {
        return w.r4jSync.record(v.nextIndex(), TimeUnit.MILLISECONDS, Metrics.Outcome.SUCCESS);
    }

    @Benchmark
    public void micrometerTimeWindowMax(Windows w, Values v) {
        w.micrometer.record(v.nextIndex(), TimeUnit.MILLISECONDS);
    }
}
