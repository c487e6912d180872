package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a second snapshotter on one store is refused with the C# seed's message and what to do about it;
 * closing the first frees the store.
 */
class OneSnapshotterPerStoreTest {

    private static final LongCodec CODEC = new LongCodec();

    private static SnapshotOptions options() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, Duration.ZERO).build();
    }

    @Test
    void aSecondSnapshotterOnTheSameStoreIsRefusedUntilTheFirstIsClosed() {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(10).create();
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        Snapshotter<Long> first = new Snapshotter<>(store, "orders", CODEC, files, options());
        assertThatThrownBy(() -> new Snapshotter<>(store, "orders-copy", CODEC, files, options()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Snapshots already configured for this store instance")
                .hasMessageContaining("store 'orders' persists this EventStore")
                .hasMessageContaining("close() it before creating another snapshotter (here for store 'orders-copy')");

        // the refused one left nothing behind: the first still works alone
        store.tryAppend(1L);
        assertThat(first.snapshotNow()).isEqualTo(1);
        assertThat(files.count(0)).isEqualTo(1);

        first.close();
        try (Snapshotter<Long> second = new Snapshotter<>(store, "orders", CODEC, files, options())) {
            store.tryAppend(2L);
            assertThat(second.snapshotNow()).isEqualTo(1);
        }
    }

    @Test
    void otherStoresAreNotAffected() {
        InMemorySnapshotStore files = new InMemorySnapshotStore();
        EventStore<Long> a = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(10).create();
        EventStore<Long> b = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(10).create();
        try (Snapshotter<Long> sa = new Snapshotter<>(a, "a", CODEC, files, options());
             Snapshotter<Long> sb = new Snapshotter<>(b, "b", CODEC, files, options())) {
            assertThat(sa.storeName()).isEqualTo("a");
            assertThat(sb.storeName()).isEqualTo("b");
        }
    }
}
