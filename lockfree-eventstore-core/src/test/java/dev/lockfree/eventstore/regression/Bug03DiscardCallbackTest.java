package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-03 (docs/seed-parity.md#bug-03): the C# seed passed the discard callback the item now in the
 * overwritten slot, i.e. the new event, not the evicted one (its own tests pinned "appending 1..5 at capacity 3 reports
 * [4, 5]"). Seed race R4 (docs/seed-parity.md#r4): a throwing callback escaped from the append after the event was
 * written.
 */
class Bug03DiscardCallbackTest {

    private static EventStore<Integer> store(int capacity, int partitions, List<Integer> discarded) {
        return EventStore.<Integer>builder().withCapacityPerPartition(capacity).withPartitions(partitions)
                .onDiscarded(discarded::add).create();
    }

    @Test
    void bug03_callbackGetsTheEvictedEventNotTheNewOne() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = store(3, 1, discarded);
        for (int i = 1; i <= 5; i++) {
            assertThat(store.tryAppend(i, 0)).isTrue();
        }
        assertThat(discarded).containsExactly(1, 2);
        assertThat(store.snapshot()).containsExactly(3, 4, 5);
    }

    @Test
    void bug03_eachEvictionReportsTheOldestEventStillHeldAtThatMoment() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = store(1, 1, discarded);
        for (int i = 0; i < 6; i++) {
            store.tryAppend(i, 0);
            assertThat(discarded).as("after appending %d", i)
                    .isEqualTo(IntStream.range(0, i).boxed().toList());
            assertThat(store.snapshot()).containsExactly(i);
        }
    }

    @Test
    void bug03_everyAppendPathReportsEvictedEventsOfItsOwnPartition() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = store(2, 3, discarded);
        store.tryAppendAll(List.of(10, 11), 1);
        store.tryAppendAll(List.of(20, 21), 2);
        store.tryAppend(12, 1);
        assertThat(discarded).containsExactly(10);
        store.tryAppendAll(List.of(22, 23, 24), 2);
        assertThat(discarded).containsExactly(10, 20, 21, 22);
        int keyed = store.partitionFor("k");
        store.tryAppend("k", 100);
        store.tryAppend("k", 101);
        List<Integer> before = store.copyPartition(keyed);
        store.tryAppend("k", 102);
        assertThat(discarded.get(discarded.size() - 1)).as("evicted from partition %d", keyed).isEqualTo(before.get(0));
        assertThat(discarded).doesNotContainAnyElementsOf(store.snapshot());
        assertThat(store.statistics().totalDiscarded()).isEqualTo(discarded.size());
    }

    @Test
    void bug03_rejectPolicyNeverCallsTheDiscardCallback() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(2).withPartitions(1)
                .withOverflowPolicy(OverflowPolicy.REJECT).onDiscarded(discarded::add).create();
        assertThat(store.tryAppendAll(List.of(1, 2, 3, 4))).isEqualTo(2);
        assertThat(discarded).isEmpty();
        assertThat(store.snapshot()).containsExactly(1, 2);
    }

    @Test
    void r4_throwingCallbackDoesNotBreakTheAppendAndIsCounted() {
        AtomicInteger calls = new AtomicInteger();
        EventStore<Integer> store = EventStore.<Integer>builder().withCapacityPerPartition(2).withPartitions(1)
                .onDiscarded(e -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("callback failure " + e);
                }).create();
        for (int i = 0; i < 6; i++) {
            assertThat(store.tryAppend(i, 0)).isTrue();
        }
        assertThat(store.snapshot()).containsExactly(4, 5);
        assertThat(calls).hasValue(4);
        assertThat(store.statistics().callbackFailures()).isEqualTo(4);
        assertThat(store.statistics().totalDiscarded()).isEqualTo(4);
        assertThat(store.statistics().totalAppended()).isEqualTo(6);
    }
}
