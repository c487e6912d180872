package dev.lockfree.eventstore.bench;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.WindowAggregate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.DoubleSummaryStatistics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Count/sum/min/max of the last 10 seconds" among 1,000,000 retained events spread evenly over 100 seconds
 * (two partitions of 500,000): the bucketed {@code windowAggregate(Duration.ofSeconds(10))} against a full
 * scan answering the same question ({@code store.sum(value, from, to)} visits every event) and a full
 * {@code query().summarize(value)}. The store's clock is fixed at the end of the data.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class WindowQueryBenchmark {

    static final int EVENTS = 1_000_000;
    static final long SPAN_MILLIS = 100_000;

    @State(Scope.Benchmark)
    public static class Retained {
        EventStore<MetricEvent> store;
        Instant from;
        Instant to;

        @Setup(Level.Trial)
        public void setUp() {
            long base = 1_700_000_000_000L;
            Instant end = Instant.ofEpochMilli(base + SPAN_MILLIS);
            store = MetricEvent.storeBuilder().withPartitions(2).withCapacityPerPartition(EVENTS / 2)
                    .withWindow(Duration.ofSeconds(120), Duration.ofSeconds(1))
                    .withClock(Clock.fixed(end, ZoneOffset.UTC)).create();
            for (int i = 0; i < EVENTS; i++) {
                store.tryAppend(new MetricEvent("cpu", i & 1023, base + i * SPAN_MILLIS / EVENTS), i & 1);
            }
            if (store.count() != EVENTS) {
                throw new IllegalStateException("expected " + EVENTS + " retained events, got " + store.count());
            }
            to = end.plusMillis(1);
            from = end.minusSeconds(10);
        }
    }

    @Benchmark
    public WindowAggregate windowAggregate10s(Retained r) {
        return r.store.windowAggregate(Duration.ofSeconds(10));
    }

    @Benchmark
    public double fullScanSum10s(Retained r) {
        return r.store.sum(MetricEvent.VALUE, r.from, r.to);
    }

    @Benchmark
    public DoubleSummaryStatistics fullScanSummarize(Retained r) {
        return r.store.query().summarize(MetricEvent.VALUE);
    }
}
