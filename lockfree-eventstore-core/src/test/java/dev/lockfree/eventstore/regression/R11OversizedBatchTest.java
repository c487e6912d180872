package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed race R11 (docs/seed-parity.md#r11): a batch larger than the capacity overwrote its own earlier items and the
 * padded ring capped the discards it reported. Here a batch of n > C events keeps exactly the newest C, in order, and
 * reports the other n - C as discarded, oldest first, each once, on every batch path.
 */
class R11OversizedBatchTest {

    @Test
    void r11_explicitPartitionBatchKeepsNewestAndReportsTheRestInOrder() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(2).withCapacityPerPartition(3)
                .onDiscarded(discarded::add).create();
        List<Integer> batch = IntStream.range(0, 10).boxed().toList();
        assertThat(store.tryAppendAll(batch, 1)).isEqualTo(10);
        assertThat(store.copyPartition(1)).containsExactly(7, 8, 9);
        assertThat(store.copyPartition(0)).isEmpty();
        assertThat(discarded).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(store.statistics().totalAppended()).isEqualTo(10);
        assertThat(store.statistics().totalDiscarded()).isEqualTo(7);
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void r11_unroutedBatchBehavesTheSame() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(1).withCapacityPerPartition(4)
                .onDiscarded(discarded::add).create();
        assertThat(store.tryAppendAll(IntStream.range(0, 100).boxed().toList())).isEqualTo(100);
        assertThat(store.snapshot()).containsExactly(96, 97, 98, 99);
        assertThat(discarded).isEqualTo(IntStream.range(0, 96).boxed().toList());
    }

    @Test
    void r11_keyedBatchOfOneKeyKeepsNewestInTheKeysPartition() {
        List<Event> discarded = new ArrayList<>();
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(3)
                .onDiscarded(discarded::add).create();
        List<Event> batch = IntStream.range(0, 50).mapToObj(i -> new Event(7, i, 1_000L + i)).toList();
        assertThat(store.tryAppendAll(batch)).isEqualTo(50);
        int p = store.partitionFor(7);
        assertThat(store.copyPartition(p)).containsExactly(batch.get(47), batch.get(48), batch.get(49));
        assertThat(discarded).isEqualTo(batch.subList(0, 47));
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void r11_underRejectABatchKeepsTheFirstCAndRejectsTheRest() {
        List<Integer> discarded = new ArrayList<>();
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(1).withCapacityPerPartition(3)
                .withOverflowPolicy(OverflowPolicy.REJECT).onDiscarded(discarded::add).create();
        assertThat(store.tryAppendAll(IntStream.range(0, 10).boxed().toList(), 0)).isEqualTo(3);
        assertThat(store.snapshot()).containsExactly(0, 1, 2);
        assertThat(discarded).isEmpty();
        assertThat(store.statistics().totalRejected()).isEqualTo(7);
        assertThat(store.statistics().totalAppended()).isEqualTo(3);
    }
}
