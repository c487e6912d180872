package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CaptureAndRestoreTest {

    private static EventStore<Long> store(int capacity, List<Long> discarded) {
        return EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(capacity)
                .withTimestampSelector(Long::longValue).withValueSelector(Long::doubleValue)
                .onDiscarded(discarded::add).create();
    }

    @Test
    void captureCarriesDurableSequencesThatClearNeverResets() {
        EventStore<Long> store = store(3, new ArrayList<>());
        for (long i = 0; i < 5; i++) {
            store.tryAppend(i, 0);
        }
        StoreInternals.Capture<Long> capture = StoreInternals.of(store).capture(0);
        assertThat(capture.events()).containsExactly(2L, 3L, 4L);
        assertThat(capture.firstSequence()).isEqualTo(2);
        assertThat(capture.lastSequence()).isEqualTo(4);

        store.clear();
        StoreInternals.Capture<Long> empty = StoreInternals.of(store).capture(0);
        assertThat(empty.events()).isEmpty();
        assertThat(empty.lastSequence()).isEqualTo(4);
        assertThat(empty.firstSequence()).isEqualTo(5);
        assertThat(empty.removals()).isEqualTo(capture.removals() + 1);

        store.tryAppend(9L, 0);
        // never back to 0: seed defect BUG-02 (docs/seed-parity.md#bug-02)
        assertThat(StoreInternals.of(store).capture(0).lastSequence()).isEqualTo(5);
        assertThat(StoreInternals.of(store).capture(1).events()).isEmpty();
        assertThat(StoreInternals.of(store).capture(1).lastSequence()).isEqualTo(-1);
    }

    @Test
    void restoreContinuesSequencesAndIsNotCountedAsAppends() {
        List<Long> discarded = new ArrayList<>();
        EventStore<Long> restored = store(3, discarded);
        assertThat(restored.restorePartition(0, List.of(10L, 11L, 12L), 41)).isEqualTo(3);
        assertThat(restored.copyPartition(0)).containsExactly(10L, 11L, 12L);
        EventStoreStatistics stats = restored.statistics();
        assertThat(stats.totalRestored()).isEqualTo(3);
        assertThat(stats.totalAppended()).isZero();
        assertThat(stats.totalDiscarded()).isZero();
        assertThat(stats.count()).isEqualTo(3);
        assertThat(restored.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(1_000)).sum()).isEqualTo(33.0);

        restored.tryAppend(13L, 0);
        assertThat(restored.copyPartition(0)).containsExactly(11L, 12L, 13L);
        assertThat(discarded).containsExactly(10L);
        StoreInternals.Capture<Long> capture = StoreInternals.of(restored).capture(0);
        assertThat(capture.lastSequence()).isEqualTo(42);
        assertThat(capture.firstSequence()).isEqualTo(40);
        stats = restored.statistics();
        assertThat(stats.totalAppended()).isEqualTo(1);
        assertThat(stats.totalDiscarded()).isEqualTo(1);
        assertThat(stats.count()).isEqualTo(stats.totalAppended() + stats.totalRestored() - stats.totalDiscarded());
    }

    @Test
    void restoreWithFewerPriorSequencesThanCapacityOnANonPowerOfTwoRing() {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(10).create();
        assertThat(store.restorePartition(0, List.of(1L, 2L, 3L), 2)).isEqualTo(3);
        assertThat(store.snapshot()).containsExactly(1L, 2L, 3L);
        for (long i = 4; i <= 12; i++) {
            store.tryAppend(i);
        }
        assertThat(store.snapshot()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(store.lastSequence(0)).isEqualTo(11);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalDiscarded()).isEqualTo(2);
        assertThat(stats.count()).isEqualTo(10);
    }

    @Test
    void restoreKeepsOnlyTheNewestThatFit() {
        EventStore<Long> restored = store(2, new ArrayList<>());
        assertThat(restored.restorePartition(1, List.of(1L, 2L, 3L), 7)).isEqualTo(2);
        assertThat(restored.copyPartition(1)).containsExactly(2L, 3L);
    }

    @Test
    void restoreIntoAUsedPartitionNeverEvictsWhatWasAppended() {
        List<Long> discarded = new ArrayList<>();
        EventStore<Long> store = store(4, discarded);
        store.tryAppend(100L, 0);
        store.tryAppend(101L, 0);
        assertThat(store.restorePartition(0, List.of(1L, 2L, 3L), 50)).isEqualTo(2);
        assertThat(store.copyPartition(0)).containsExactly(100L, 101L, 2L, 3L);
        assertThat(discarded).isEmpty();
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalAppended()).isEqualTo(2);
        assertThat(stats.totalRestored()).isEqualTo(2);
        assertThat(stats.totalDiscarded()).isZero();
    }

    @Test
    void emptyRestoreStillContinuesTheSequence() {
        EventStore<Long> store = store(4, new ArrayList<>());
        assertThat(store.restorePartition(0, List.of(), 99)).isZero();
        store.tryAppend(5L, 0);
        assertThat(StoreInternals.of(store).capture(0).lastSequence()).isEqualTo(100);
        assertThat(store.statistics().totalAppended()).isEqualTo(1);
        assertThat(store.statistics().totalDiscarded()).isZero();
    }

    @Test
    void maintenanceListenersHearEveryRemovalBeforeTheCallReturns() {
        EventStore<Long> store = store(4, new ArrayList<>());
        List<String> heard = new ArrayList<>();
        MaintenanceListener listener = (partition, removed) -> heard.add(partition + ":" + removed);
        StoreInternals.of(store).addMaintenanceListener(listener);
        store.tryAppend(1L, 0);
        store.tryAppend(2L, 0);
        store.tryAppend(3L, 1);
        store.purge(Instant.ofEpochMilli(2));
        assertThat(heard).containsExactly("0:1");
        store.purge(Instant.ofEpochMilli(0));
        assertThat(heard).containsExactly("0:1");
        store.clear();
        assertThat(heard).containsExactly("0:1", "0:1", "1:1");
        StoreInternals.of(store).removeMaintenanceListener(listener);
        store.tryAppend(4L, 0);
        store.clear();
        assertThat(heard).hasSize(3);
        assertThatThrownBy(() -> StoreInternals.of(store).addMaintenanceListener(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void restoredCapacityReachedFiresAgainOnlyAfterTheNextFill() {
        AtomicInteger full = new AtomicInteger();
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(3)
                .onCapacityReached(full::incrementAndGet).create();
        store.restorePartition(0, List.of(1L), 10);
        store.tryAppend(2L);
        assertThat(full).hasValue(0);
        store.tryAppend(3L);
        assertThat(full).hasValue(1);
    }

    @Test
    void restoreValidatesArguments() {
        EventStore<Long> store = store(4, new ArrayList<>());
        assertThatThrownBy(() -> store.restorePartition(2, List.of(), 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("partition 2 is out of range [0, 2)");
        List<Long> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> store.restorePartition(0, withNull, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("restored events must not be null");
        assertThat(store.count()).isZero();
    }
}
