package dev.lockfree.sample.dashboard.metrics;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.sample.dashboard.metrics.MetricsController.BucketStats;
import dev.lockfree.sample.dashboard.metrics.MetricsController.CoveredBuckets;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code /metrics/aggregate-zero-alloc} on a store configured as the app's {@code metrics} store (15 min of 1 s
 * buckets), at a fixed "now": what it counts (whole buckets, arrivals), what it refuses, and that its cost in
 * allocated bytes does not grow with the number of events.
 */
class AggregateZeroAllocTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00.500Z");

    private static EventStore<MetricEvent> store(int capacityPerPartition) {
        return MetricEvent.storeBuilder().withPartitions(4).withCapacityPerPartition(capacityPerPartition)
                .withKeySelector(MetricEvent.LABEL).withWindow(Duration.ofMinutes(15), Duration.ofSeconds(1))
                .create();
    }

    private static MetricsController controller(EventStore<MetricEvent> store) {
        return new MetricsController(store, Clock.fixed(NOW, ZoneOffset.UTC), (EventStorePublisher<MetricEvent>) null);
    }

    private static void append(EventStore<MetricEvent> store, String label, double value, Instant at) {
        assertThat(store.tryAppend(new MetricEvent(label, value, at.toEpochMilli()))).isTrue();
    }

    @Test
    void aggregatesEveryLabelOverTheBucketsOfTheRange() {
        EventStore<MetricEvent> store = store(1000);
        Instant second = Instant.parse("2026-12-04T11:59:00Z");
        append(store, "cpu", 10, second);
        append(store, "mem", 40, second.plusMillis(999));
        append(store, "cpu", 25, second.plusSeconds(1));
        append(store, "cpu", 99, second.plusSeconds(2)); // outside [second, second + 1.5 s]

        BucketStats stats = controller(store).aggregateZeroAlloc(second, second.plusMillis(1500));

        assertThat(stats).isEqualTo(new BucketStats(3, 75.0, 10.0, 40.0, 25.0, false,
                new CoveredBuckets(second, second.plusSeconds(2))));
    }

    @Test
    void boundsWidenToWholeBucketsAndTheCoveredRangeSaysSo() {
        EventStore<MetricEvent> store = store(1000);
        Instant second = Instant.parse("2026-12-04T11:58:00Z");
        append(store, "cpu", 1, second.plusMillis(100)); // before from, in from's bucket

        BucketStats stats = controller(store).aggregateZeroAlloc(second.plusMillis(300), second.plusMillis(400));

        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.window()).isEqualTo(new CoveredBuckets(second, second.plusSeconds(1)));
    }

    @Test
    void evictedMetricsStillCountUnlikeTheExactScanOfWindow() {
        EventStore<MetricEvent> store = store(2);
        Instant second = Instant.parse("2026-12-04T11:59:30Z");
        for (int i = 1; i <= 5; i++) {
            append(store, "one-label-one-partition", i, second.plusMillis(i));
        }
        MetricsController controller = controller(store);

        BucketStats arrivals = controller.aggregateZeroAlloc(second, second.plusMillis(999));
        MetricsController.WindowStats retained = controller.window(null, second, second.plusMillis(999));

        assertThat(store.count()).isEqualTo(2);
        assertThat(arrivals.count()).isEqualTo(5);
        assertThat(arrivals.sum()).isEqualTo(15.0);
        assertThat(retained.count()).isEqualTo(2);
        assertThat(retained.sum()).isEqualTo(9.0);
    }

    @Test
    void withoutBoundsItCoversTheWholeTrackedWindowUpToNow() {
        EventStore<MetricEvent> store = store(1000);
        Instant oldestTracked = Instant.parse("2026-12-04T11:45:01Z"); // 900 buckets ending at 12:00:00
        append(store, "cpu", 1, oldestTracked);
        append(store, "cpu", 2, NOW);

        BucketStats stats = controller(store).aggregateZeroAlloc(null, null);

        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.window()).isEqualTo(new CoveredBuckets(oldestTracked, Instant.parse("2026-12-04T12:00:01Z")));
    }

    @Test
    void anEmptyRangeHasNullMinMaxAvg() {
        BucketStats stats = controller(store(10)).aggregateZeroAlloc(null, null);

        assertThat(stats).isEqualTo(new BucketStats(0, 0.0, null, null, null, false, stats.window()));
    }

    @Test
    void anOverflowedSumIsNullWithTheFlag() {
        EventStore<MetricEvent> store = store(10);
        append(store, "big", Double.MAX_VALUE, NOW.minusSeconds(1));
        append(store, "big", Double.MAX_VALUE, NOW.minusSeconds(1));

        BucketStats stats = controller(store).aggregateZeroAlloc(null, null);

        assertThat(stats.overflow()).isTrue();
        assertThat(stats.sum()).isNull();
        assertThat(stats.avg()).isNull();
        assertThat(stats.max()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void boundsBeyondTheTrackedWindowAreRefusedNamingTheParameter() {
        MetricsController controller = controller(store(10));
        Instant tooOld = Instant.parse("2026-12-04T11:45:00.999Z");

        assertThatThrownBy(() -> controller.aggregateZeroAlloc(tooOld, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("from"))
                .hasMessageContaining("reach back to 2026-12-04T11:45:01Z")
                .hasMessageContaining("/metrics/window");
        assertThatThrownBy(() -> controller.aggregateZeroAlloc(null, tooOld))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void fromAfterToIsRefusedAlsoWhenToIsNow() {
        MetricsController controller = controller(store(10));

        assertThatThrownBy(() -> controller.aggregateZeroAlloc(NOW, NOW.minusSeconds(1)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> controller.aggregateZeroAlloc(NOW.plusSeconds(60), null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("from"))
                .hasMessageContaining("must not be after to");
    }

    /**
     * The bytes one call allocates on this thread, with 0 and then 400 000 events in the window: equal, give or
     * take a JIT's noise, where a path allocating anything per event would differ by at least 400 000 bytes.
     */
    @Test
    void allocationDoesNotGrowWithTheNumberOfEvents() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("per-thread allocation accounting").isTrue();
        EventStore<MetricEvent> store = store(100_000);
        MetricsController controller = controller(store);
        long empty = allocatedPerCall(controller, threads);
        for (int i = 0; i < 400_000; i++) {
            store.tryAppend(new MetricEvent("l" + (i & 7), i, NOW.toEpochMilli() - (i % 600_000)));
        }

        long full = allocatedPerCall(controller, threads);

        assertThat(controller.aggregateZeroAlloc(null, null).count()).isEqualTo(400_000);
        assertThat(full).as("bytes per call with 400 000 events vs with none (%d)", empty)
                .isLessThan(empty + 4_000);
    }

    /** The least a call allocated over repeated calls (the first ones load classes and compile). */
    private static long allocatedPerCall(MetricsController controller, com.sun.management.ThreadMXBean threads) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            controller.aggregateZeroAlloc(null, null);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
