package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link EventStoreStatistics#windowAdvanceCount()}: what moves the window forward and what does not. */
class WindowAdvanceCountTest {

    private static EventStore<MetricEvent> store(int partitions) {
        return MetricEvent.storeBuilder().withPartitions(partitions).withCapacityPerPartition(4)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
    }

    private static long advances(EventStore<?> store) {
        return store.statistics().windowAdvanceCount();
    }

    private static MetricEvent at(long millis) {
        return new MetricEvent("m", 1, millis);
    }

    @Test
    void onlyANewerBucketMovesTheWindowOnceHoweverFarItJumps() {
        EventStore<MetricEvent> store = store(1);
        store.tryAppend(at(100_500));
        assertThat(advances(store)).as("the first event places the window").isZero();
        store.tryAppend(at(100_900));
        assertThat(advances(store)).as("same bucket").isZero();
        store.tryAppend(at(101_000));
        assertThat(advances(store)).as("next bucket").isEqualTo(1);
        store.tryAppend(at(105_500));
        assertThat(advances(store)).as("a jump over three buckets").isEqualTo(2);
        store.tryAppend(at(103_000));
        assertThat(advances(store)).as("an older bucket inside the window").isEqualTo(2);
        store.tryAppend(at(50_000));
        assertThat(advances(store)).as("a late event").isEqualTo(2);
        assertThat(store.statistics().lateEvents()).isEqualTo(1);
        store.purge(Instant.ofEpochMilli(104_000));
        assertThat(advances(store)).as("purge").isEqualTo(2);
    }

    @Test
    void clearKeepsTheCountAndTheFirstEventAfterItPlacesTheFreshWindow() {
        EventStore<MetricEvent> store = store(1);
        store.tryAppend(at(1_000));
        store.tryAppend(at(2_000));
        store.clear();
        assertThat(advances(store)).as("cumulative across clear").isEqualTo(1);
        store.tryAppend(at(9_000));
        assertThat(advances(store)).as("first event of the fresh window").isEqualTo(1);
        store.tryAppend(at(10_000));
        assertThat(advances(store)).isEqualTo(2);
    }

    @Test
    void partitionsAdvanceSeparatelyAndTheStatisticsSumThem() {
        EventStore<MetricEvent> store = store(2);
        for (int p = 0; p < 2; p++) {
            store.tryAppend(at(1_000), p);
            store.tryAppend(at(2_000), p);
            store.tryAppend(at(3_000), p);
        }
        assertThat(advances(store)).isEqualTo(4);
    }

    @Test
    void anExplicitTimestampMovesTheWindowByItself() {
        EventStore<MetricEvent> store = store(1);
        store.tryAppend("k", at(1_000), 1_000);
        store.tryAppend("k", at(1_000), 7_000);
        assertThat(advances(store)).isEqualTo(1);
    }

    @Test
    void withoutWindowTrackingNothingAdvances() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(1).withWindowTracking(false).create();
        store.tryAppend(at(1_000));
        store.tryAppend(at(5_000));
        assertThat(advances(store)).isZero();
    }
}
