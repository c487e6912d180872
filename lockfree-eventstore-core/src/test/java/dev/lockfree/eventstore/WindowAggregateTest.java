package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowAggregateTest {

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static EventStore<MetricEvent> store(int capacity, Duration window, Duration width) {
        return MetricEvent.storeBuilder().withPartitions(2).withCapacityPerPartition(capacity)
                .withWindow(window, width).create();
    }

    @Test
    void aggregatesBucketsOverlappingTheRangeIncludingEvictedEvents() {
        EventStore<MetricEvent> store = store(2, Duration.ofSeconds(10), Duration.ofSeconds(1));
        store.tryAppend(new MetricEvent("a", 5, 1_000), 0);
        store.tryAppend(new MetricEvent("a", 7, 1_500), 0);
        store.tryAppend(new MetricEvent("a", -2, 2_000), 0); // evicts the first: still counted
        store.tryAppend(new MetricEvent("a", 10, 2_999), 1);
        store.tryAppend(new MetricEvent("a", 100, 3_000), 1);

        WindowAggregate all = store.windowAggregate(at(0), at(10_000));
        assertThat(all.count()).isEqualTo(5);
        assertThat(all.sum()).isEqualTo(120.0);
        assertThat(all.min()).isEqualTo(-2.0);
        assertThat(all.max()).isEqualTo(100.0);
        assertThat(all.average()).isEqualTo(24.0);

        // [1500, 3000) overlaps buckets 1 and 2; the bucket starting at 3000 is excluded
        WindowAggregate part = store.windowAggregate(at(1_500), at(3_000));
        assertThat(part.count()).isEqualTo(4);
        assertThat(part.from()).isEqualTo(at(1_000));
        assertThat(part.to()).isEqualTo(at(3_000));
        assertThat(part.sum()).isEqualTo(20.0);
    }

    @Test
    void eventOnABucketBoundaryLandsInThatBucket() {
        EventStore<MetricEvent> store = store(10, Duration.ofSeconds(10), Duration.ofSeconds(1));
        store.tryAppend(new MetricEvent("a", 1, 4_000), 0);
        assertThat(store.windowAggregate(at(4_000), at(4_001)).count()).isEqualTo(1);
        assertThat(store.windowAggregate(at(3_000), at(4_000)).count()).isZero();
    }

    @Test
    void emptyWindowIsAllZeros() {
        EventStore<MetricEvent> store = store(10, Duration.ofSeconds(10), Duration.ofSeconds(1));
        WindowAggregate empty = store.windowAggregate(at(0), at(5_000));
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.count()).isZero();
        assertThat(empty.sum()).isZero();
        assertThat(empty.min()).isZero();
        assertThat(empty.max()).isZero();
        assertThat(empty.average()).isZero();
        assertThat(store.windowAggregate(at(5_000), at(5_000)).isEmpty()).isTrue();
    }

    @Test
    void eventsOlderThanTheHorizonAreCountedLate() {
        EventStore<MetricEvent> store = store(100, Duration.ofSeconds(3), Duration.ofSeconds(1));
        store.tryAppend(new MetricEvent("a", 1, 10_000), 0);
        store.tryAppend(new MetricEvent("a", 1, 8_000), 0);  // period 8 > 10 - 3: tracked
        store.tryAppend(new MetricEvent("a", 1, 7_999), 0);  // period 7 <= 10 - 3: late
        assertThat(store.statistics().lateEvents()).isEqualTo(1);
        assertThat(store.windowAggregate(at(0), at(20_000)).count()).isEqualTo(2);
        assertThat(store.count()).isEqualTo(3); // late events are still stored
        assertThat(store.statistics().partitions().get(0).lateEvents()).isEqualTo(1);
    }

    @Test
    void bucketsRollForwardWithoutMislabelling() {
        EventStore<MetricEvent> store = store(100, Duration.ofSeconds(5), Duration.ofSeconds(1));
        for (int second = 0; second < 12; second++) {
            store.tryAppend(new MetricEvent("a", second, second * 1_000L + 500), 0);
        }
        // horizon is seconds 7..11
        WindowAggregate kept = store.windowAggregate(at(0), at(60_000));
        assertThat(kept.count()).isEqualTo(5);
        assertThat(kept.sum()).isEqualTo(7 + 8 + 9 + 10 + 11);
        assertThat(store.windowAggregate(at(9_000), at(10_000)).sum()).isEqualTo(9.0);
    }

    @Test
    void relativeWindowUsesTheStoreClock() {
        MutableClock clock = new MutableClock(at(100_000));
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(1).withClock(clock)
                .withWindow(Duration.ofMinutes(1), Duration.ofSeconds(1)).create();
        store.tryAppend(new MetricEvent("a", 1, 85_000));
        store.tryAppend(new MetricEvent("a", 2, 95_000));
        store.tryAppend(new MetricEvent("a", 4, 100_000));
        assertThat(store.windowAggregate(Duration.ofSeconds(10)).sum()).isEqualTo(6.0);
        assertThat(store.windowAggregate(Duration.ofSeconds(30)).sum()).isEqualTo(7.0);
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.windowAggregate(Duration.ofSeconds(10)).count()).isZero();
        assertThatThrownBy(() -> store.windowAggregate(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last must not be negative but was PT-1S");
    }

    @Test
    void clearEmptiesBucketsAndPurgeDropsWholeBucketsBeforeCutoff() {
        EventStore<MetricEvent> store = store(100, Duration.ofSeconds(10), Duration.ofSeconds(1));
        store.tryAppend(new MetricEvent("a", 1, 1_000), 0);
        store.tryAppend(new MetricEvent("a", 2, 2_000), 0);
        store.tryAppend(new MetricEvent("a", 4, 2_600), 1);
        store.purge(at(2_500));
        // bucket 1 ends at 2000 <= 2500: dropped; bucket 2 ends at 3000: kept whole (arrival statistics)
        assertThat(store.windowAggregate(at(0), at(10_000)).sum()).isEqualTo(6.0);
        store.clear();
        assertThat(store.windowAggregate(at(0), at(10_000)).isEmpty()).isTrue();
        store.tryAppend(new MetricEvent("a", 8, 5_000), 0);
        assertThat(store.windowAggregate(at(0), at(10_000)).sum()).isEqualTo(8.0);
    }

    @Test
    void windowNeedsBothSelectors() {
        EventStore<MetricEvent> noValue = EventStore.<MetricEvent>builder().withTimestampSelector(MetricEvent::timestamp).create();
        assertThatThrownBy(() -> noValue.windowAggregate(at(0), at(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timestampSelector").hasMessageContaining("valueSelector");
    }

    @Test
    void windowArgumentsAreValidated() {
        EventStore<MetricEvent> store = store(10, Duration.ofSeconds(10), Duration.ofSeconds(1));
        assertThatThrownBy(() -> store.windowAggregate(null, at(1))).isInstanceOf(NullPointerException.class)
                .hasMessage("from must not be null");
        assertThatThrownBy(() -> store.windowAggregate(at(1), null)).hasMessage("to must not be null");
        assertThatThrownBy(() -> store.windowAggregate(at(2), at(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be after");
        assertThatThrownBy(() -> store.windowAggregate((Duration) null)).hasMessage("last must not be null");
    }

    @Test
    void negativeTimestampsAlignToFloorBuckets() {
        EventStore<MetricEvent> store = store(10, Duration.ofSeconds(10), Duration.ofSeconds(1));
        store.tryAppend(new MetricEvent("a", 3, -1), 0);
        WindowAggregate w = store.windowAggregate(at(-1_000), at(0));
        assertThat(w.count()).isEqualTo(1);
        assertThat(w.from()).isEqualTo(at(-1_000));
    }
}
