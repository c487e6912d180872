package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceAndStatisticsTest {

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void clearEmptiesEverythingWithoutDiscardCallbacks() {
        List<Long> discarded = new ArrayList<>();
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(3)
                .withTimestampSelector(Long::longValue).withValueSelector(Long::doubleValue)
                .onDiscarded(discarded::add).create();
        for (long i = 0; i < 8; i++) {
            store.tryAppend(i, (int) (i % 2));
        }
        assertThat(discarded).containsExactly(0L, 1L);
        store.clear();
        assertThat(store.snapshot()).isEmpty();
        assertThat(store.count()).isZero();
        assertThat(store.isEmpty()).isTrue();
        assertThat(discarded).containsExactly(0L, 1L);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalCleared()).isEqualTo(6);
        assertThat(stats.totalAppended()).isEqualTo(8);
        assertThat(stats.count()).isEqualTo(stats.totalAppended() - stats.totalDiscarded() - stats.totalCleared());
        // the store is fully usable afterwards and positions continue
        store.tryAppend(100L, 0);
        assertThat(store.snapshot()).containsExactly(100L);
        store.reset();
        assertThat(store.count()).isZero();
        assertThat(store.statistics().totalCleared()).isEqualTo(7);
    }

    @Test
    void purgeRemovesExactlyOlderEventsKeepingOrderAndPartition() {
        List<Long> discarded = new ArrayList<>();
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(10)
                .withTimestampSelector(Long::longValue).onDiscarded(discarded::add).create();
        long[] partition0 = {50, 10, 70, 20, 90};
        long[] partition1 = {5, 60, 15};
        for (long ts : partition0) {
            store.tryAppend(ts, 0);
        }
        for (long ts : partition1) {
            store.tryAppend(ts, 1);
        }
        assertThat(store.purge(at(50))).isEqualTo(4);
        assertThat(store.copyPartition(0)).containsExactly(50L, 70L, 90L);
        assertThat(store.copyPartition(1)).containsExactly(60L);
        assertThat(discarded).isEmpty();
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalPurged()).isEqualTo(4);
        assertThat(stats.count()).isEqualTo(4);
        assertThat(stats.count()).isEqualTo(stats.totalAppended() - stats.totalDiscarded() - stats.totalPurged());
        // holes left by purge are reused in order: appending fills and later evicts only live events
        for (long ts = 100; ts < 110; ts++) {
            store.tryAppend(ts, 0);
        }
        assertThat(store.copyPartition(0)).containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
        assertThat(discarded).containsExactly(50L, 70L, 90L);
    }

    @Test
    void purgeNeedsATimestampSelector() {
        EventStore<String> store = EventStore.<String>builder().withPartitions(1).create();
        store.tryAppend("kept");
        assertThatThrownBy(() -> store.purge(at(5))).isInstanceOf(IllegalStateException.class)
                .hasMessage("TimestampSelector must be configured to use Purge.");
        assertThatThrownBy(() -> store.purge(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("olderThan must not be null");
        assertThat(store.snapshot()).containsExactly("kept");
    }

    @Test
    void statisticsConservationAndPartitions() {
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(2).withCapacityPerPartition(2).create();
        for (int i = 0; i < 5; i++) {
            store.tryAppend(i, 0);
        }
        store.tryAppend(9, 1);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalAppended()).isEqualTo(6);
        assertThat(stats.totalDiscarded()).isEqualTo(3);
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.capacity()).isEqualTo(4);
        assertThat(stats.partitions()).hasSize(2);
        PartitionStatistics p0 = stats.partitions().get(0);
        assertThat(p0.partition()).isZero();
        assertThat(p0.appended()).isEqualTo(5);
        assertThat(p0.discarded()).isEqualTo(3);
        assertThat(p0.count()).isEqualTo(2);
        assertThat(p0.isFull()).isTrue();
        assertThat(stats.partitions().get(1).isFull()).isFalse();
        assertThatThrownBy(() -> stats.partitions().add(p0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rateAndLastAppendTimeComeFromReadingsNotFromAppends() {
        MutableClock clock = new MutableClock(at(1_000_000));
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(1).withClock(clock).create();
        EventStoreStatistics empty = store.statistics();
        assertThat(empty.lastAppendTime()).isEmpty();
        assertThat(empty.appendsPerSecond()).isZero();

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            store.tryAppend(i);
        }
        EventStoreStatistics first = store.statistics();
        assertThat(first.lastAppendTime()).contains(at(1_001_000));
        assertThat(first.appendsPerSecond()).isEqualTo(100.0, org.assertj.core.data.Offset.offset(1e-9));

        clock.advance(Duration.ofSeconds(2));
        EventStoreStatistics idle = store.statistics();
        assertThat(idle.lastAppendTime()).contains(at(1_001_000));

        for (int i = 0; i < 300; i++) {
            store.tryAppend(i);
        }
        clock.advance(Duration.ofSeconds(1));
        EventStoreStatistics busy = store.statistics();
        assertThat(busy.lastAppendTime()).contains(at(1_004_000));
        // readings inside the 5 s horizon: from 1_000_000 (0 appended) to 1_004_000 (400)
        assertThat(busy.appendsPerSecond()).isEqualTo(100.0, org.assertj.core.data.Offset.offset(1e-9));

        clock.advance(Duration.ofSeconds(60));
        EventStoreStatistics later = store.statistics();
        assertThat(later.appendsPerSecond()).isZero();
    }
}
