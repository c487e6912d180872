package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.partition.ProducerIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AppendTest {

    private static EventStore<Integer> store(int perPartition, int partitions) {
        return EventStore.<Integer>builder().withCapacityPerPartition(perPartition).withPartitions(partitions).create();
    }

    @Test
    void appendsKeepInsertionOrderPerPartition() {
        EventStore<Integer> store = store(10, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(store.tryAppend(i)).isTrue();
        }
        assertThat(store.snapshot()).containsExactly(0, 1, 2, 3, 4);
        assertThat(store.count()).isEqualTo(5);
    }

    @Test
    void fullPartitionEvictsOldestAndReportsTheEvictedEvent() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(3).withPartitions(1)
                .onDiscarded(discarded::add).create();
        for (int i = 1; i <= 5; i++) {
            store.tryAppend(i);
        }
        assertThat(store.snapshot()).containsExactly(3, 4, 5);
        assertThat(discarded).containsExactly(1, 2);
        assertThat(store.isFull()).isTrue();
        assertThat(store.statistics().totalDiscarded()).isEqualTo(2);
    }

    @Test
    void capacityReachedFiresOnceWhenPartitionBecomesFullAndIsRearmedByClear() {
        AtomicInteger fired = new AtomicInteger();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(3).withPartitions(1)
                .onCapacityReached(fired::incrementAndGet).create();
        store.tryAppend(1);
        store.tryAppend(2);
        assertThat(fired).hasValue(0);
        store.tryAppend(3);
        assertThat(fired).hasValue(1);
        IntStream.range(0, 20).forEach(store::tryAppend);
        assertThat(fired).hasValue(1);
        store.clear();
        IntStream.range(0, 2).forEach(store::tryAppend);
        assertThat(fired).hasValue(1);
        store.tryAppend(99);
        assertThat(fired).hasValue(2);
    }

    @Test
    void capacityReachedIsRearmedByPurgeThatRemovesSomething() {
        AtomicInteger fired = new AtomicInteger();
        EventStore<Long> store = EventStore.<Long>builder().withCapacityPerPartition(3).withPartitions(1)
                .withTimestampSelector(Long::longValue).onCapacityReached(fired::incrementAndGet).create();
        store.tryAppend(1L);
        store.tryAppend(2L);
        store.tryAppend(3L);
        assertThat(fired).hasValue(1);
        assertThat(store.purge(java.time.Instant.ofEpochMilli(0))).isZero();
        store.tryAppend(4L);
        assertThat(fired).hasValue(1);
        assertThat(store.purge(java.time.Instant.ofEpochMilli(4))).isEqualTo(2); // removes 2 and 3
        store.tryAppend(5L);
        assertThat(fired).hasValue(1);
        store.tryAppend(6L);
        assertThat(fired).hasValue(2);
        assertThat(store.snapshot()).containsExactly(4L, 5L, 6L);
    }

    @Test
    void rejectPolicyKeepsStoredEventsAndCountsRejections() {
        List<Integer> discarded = new ArrayList<>();
        AtomicInteger full = new AtomicInteger();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(2).withPartitions(1)
                .withOverflowPolicy(OverflowPolicy.REJECT).onDiscarded(discarded::add)
                .onCapacityReached(full::incrementAndGet).create();
        assertThat(store.tryAppend(1)).isTrue();
        assertThat(store.tryAppend(2)).isTrue();
        assertThat(store.tryAppend(3)).isFalse();
        assertThat(store.tryAppend(4)).isFalse();
        assertThat(store.snapshot()).containsExactly(1, 2);
        assertThat(discarded).isEmpty();
        assertThat(full).hasValue(1);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalRejected()).isEqualTo(2);
        assertThat(stats.totalAppended()).isEqualTo(2);
        assertThat(stats.totalDiscarded()).isZero();
        store.clear();
        assertThat(store.tryAppend(5)).isTrue();
        assertThat(store.snapshot()).containsExactly(5);
        assertThat(store.tryAppendAll(List.of(6, 7, 8))).isEqualTo(1);
        assertThat(store.snapshot()).containsExactly(5, 6);
    }

    @Test
    void explicitPartitionAppendsStayThere() {
        EventStore<Integer> store = store(4, 3);
        assertThat(store.tryAppend(7, 2)).isTrue();
        assertThat(store.copyPartition(2)).containsExactly(7);
        assertThat(store.copyPartition(0)).isEmpty();
        assertThat(store.tryAppendAll(List.of(1, 2, 3), 1)).isEqualTo(3);
        assertThat(store.copyPartition(1)).containsExactly(1, 2, 3);
    }

    @Test
    void partitionOutOfRangeNamesIndexAndCount() {
        EventStore<Integer> store = store(4, 3);
        assertThatThrownBy(() -> store.tryAppend(1, 3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("partition 3 is out of range [0, 3)");
        assertThatThrownBy(() -> store.tryAppend(1, -1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("partition -1 is out of range [0, 3)");
        assertThatThrownBy(() -> store.tryAppendAll(List.of(1), 9)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("partition 9 is out of range [0, 3)");
        assertThatThrownBy(() -> store.copyPartition(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(store.count()).isZero();
    }

    @Test
    void nullEventsAreRejectedAndStoreNothing() {
        EventStore<Integer> store = store(4, 2);
        assertThatThrownBy(() -> store.tryAppend((Integer) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("event must not be null");
        assertThatThrownBy(() -> store.tryAppend(null, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("event must not be null");
        assertThatThrownBy(() -> store.tryAppend("k", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("event must not be null");
        assertThatThrownBy(() -> store.tryAppend((String) null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> store.tryAppendAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("events must not be null");
        List<Integer> withNull = new ArrayList<>(List.of(1));
        withNull.add(null);
        assertThatThrownBy(() -> store.tryAppendAll(withNull, 0)).isInstanceOf(NullPointerException.class);
        assertThat(store.snapshot()).containsExactly(1); // appended before the null, nothing after
    }

    @Test
    void keyedAppendsGoToTheKeysPartitionOnEveryPath() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withKeySelector(MetricEvent.LABEL)
                .withPartitions(5).withCapacityPerPartition(100).create();
        int expected = store.partitionFor("orders");
        store.tryAppend(new MetricEvent("orders", 1, 1));
        store.tryAppendAll(List.of(new MetricEvent("orders", 2, 2), new MetricEvent("orders", 3, 3)));
        store.tryAppend("orders", new MetricEvent("orders", 4, 4));
        assertThat(store.copyPartition(expected)).extracting(MetricEvent::value).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(store.count()).isEqualTo(4);
    }

    @Test
    void keySelectorReturningNullIsAClearError() {
        EventStore<MetricEvent> store = EventStore.<MetricEvent>builder().withKeySelector(e -> null).create();
        assertThatThrownBy(() -> store.tryAppend(new MetricEvent("x", 1, 1)))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("keySelector returned null for event");
        assertThat(store.count()).isZero();
    }

    @Test
    void unkeyedAppendsFromOneThreadUseThatProducersPartition() {
        EventStore<Integer> store = store(10, 4);
        store.tryAppend(1);
        store.tryAppend(2);
        assertThat(store.copyPartition(ProducerIndex.current() % 4)).containsExactly(1, 2);
    }

    @Test
    void distinctProducersSpreadOverPartitions() throws InterruptedException {
        EventStore<Integer> store = store(10, 2);
        Thread a = new Thread(() -> store.tryAppend(1));
        Thread b = new Thread(() -> store.tryAppend(2));
        a.start();
        a.join();
        b.start();
        b.join();
        assertThat(store.copyPartition(0)).hasSize(1);
        assertThat(store.copyPartition(1)).hasSize(1);
    }

    @Test
    void producersSpreadEvenWhenTheirThreadIdsShareParity() throws InterruptedException {
        EventStore<Integer> store = store(10, 2);
        Thread a = new Thread(() -> store.tryAppend(1));
        Thread skipped = new Thread(() -> { });   // takes the id between a and b
        Thread b = new Thread(() -> store.tryAppend(2));
        assertThat(b.getId() - a.getId()).isEven();
        a.start();
        a.join();
        b.start();
        b.join();
        skipped.start();
        skipped.join();
        assertThat(store.copyPartition(0)).hasSize(1);
        assertThat(store.copyPartition(1)).hasSize(1);
    }

    @Test
    void throwingCallbacksDoNotBreakAppendsAndAreCounted() {
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(1).withPartitions(1)
                .onDiscarded(e -> {
                    throw new IllegalStateException("boom " + e);
                })
                .onCapacityReached(() -> {
                    throw new IllegalStateException("full");
                }).create();
        assertThat(store.tryAppend(1)).isTrue();
        assertThat(store.tryAppend(2)).isTrue();
        assertThat(store.tryAppend(3)).isTrue();
        assertThat(store.snapshot()).containsExactly(3);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.callbackFailures()).isEqualTo(3);
        assertThat(stats.totalAppended()).isEqualTo(3);
        assertThat(stats.totalDiscarded()).isEqualTo(2);
    }

    @Test
    void throwingSelectorStoresNothing() {
        EventStore<MetricEvent> store = EventStore.<MetricEvent>builder().withPartitions(1)
                .withTimestampSelector(e -> {
                    if (e.value() < 0) {
                        throw new IllegalArgumentException("negative");
                    }
                    return e.timestamp();
                }).withValueSelector(MetricEvent::value).create();
        assertThatThrownBy(() -> store.tryAppend(new MetricEvent("a", -1, 1))).hasMessage("negative");
        assertThat(store.count()).isZero();
        assertThat(store.statistics().totalAppended()).isZero();
    }

    @Test
    void batchLargerThanCapacityKeepsNewest() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(3).withPartitions(1)
                .onDiscarded(discarded::add).create();
        assertThat(store.tryAppendAll(List.of(1, 2, 3, 4, 5, 6, 7))).isEqualTo(7);
        assertThat(store.snapshot()).containsExactly(5, 6, 7);
        assertThat(discarded).containsExactly(1, 2, 3, 4);
    }

    @Test
    void nonPowerOfTwoCapacitiesWrapCorrectly() {
        EventStore<Integer> store = store(7, 3);
        for (int i = 0; i < 100; i++) {
            store.tryAppend(i, i % 3);
        }
        assertThat(store.copyPartition(0)).containsExactly(81, 84, 87, 90, 93, 96, 99);
    }
}
