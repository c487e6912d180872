package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.partition.KeyRouting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-07 (docs/seed-parity.md#bug-07): the C# seed routed a single {@code Event} by its key but a batch of
 * more than 32 items and purge's re-insertion by a hash of the whole event, and its generic routing used .NET's
 * per-process randomly seeded {@code HashCode}, so a key's events spread over partitions and routing differed between
 * processes. Here routing is a pure function of the key, pinned to the documented hash (String/boxed {@code hashCode},
 * enums by class and constant name, then the MurmurHash3 32-bit finaliser, then an unsigned modulo), so a value
 * computed in any other process must match these constants.
 */
class Bug07StableRoutingTest {

    enum Region { EU, US }

    @Test
    void bug07_routingIsPinnedToTheDocumentedHash() {
        assertThat("orders-42".hashCode()).as("String.hashCode is specified by the JDK").isEqualTo(-390_715_802);
        // expected values computed outside the JVM from the documented algorithm
        assertThat(KeyRouting.partitionFor("orders-42", 7)).isEqualTo(5);
        assertThat(KeyRouting.partitionFor("orders-42", 6)).isEqualTo(4);
        assertThat(KeyRouting.partitionFor("sensor-1", 8)).isEqualTo(6);
        assertThat(KeyRouting.partitionFor("sensor-1", 16)).isEqualTo(6);
        assertThat(KeyRouting.partitionFor("gateway/orders", 7)).isEqualTo(4);
        assertThat(KeyRouting.partitionFor(42, 7)).isEqualTo(5);
        assertThat(KeyRouting.partitionFor(42, 8)).isEqualTo(4);
        assertThat(KeyRouting.partitionFor(42, 16)).isEqualTo(12);
        assertThat(KeyRouting.partitionFor(1, 7)).isEqualTo(6);
        // enum constants hash by identity (different in every run): they must be routed by name
        assertThat(KeyRouting.partitionFor(Region.EU, 7)).isEqualTo(3);
        assertThat(KeyRouting.partitionFor(Region.US, 16)).isEqualTo(11);

        EventStore<String> store = EventStore.<String>builder().withPartitions(7).withCapacityPerPartition(4).create();
        assertThat(store.partitionFor("orders-42")).isEqualTo(5);
        store.tryAppend("orders-42", "o");
        assertThat(store.copyPartition(5)).containsExactly("o");
    }

    @Test
    void bug07_aKeyGoesToOnePartitionOnEveryPathIncludingBatchesAndPurge() {
        int partitions = 6;
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withKeySelector(MetricEvent.LABEL)
                .withPartitions(partitions).withCapacityPerPartition(10_000).create();
        Random rnd = new Random(7);
        long ts = 0;
        for (int i = 0; i < 200; i++) {
            String label = "sensor-" + rnd.nextInt(20);
            store.tryAppend(new MetricEvent(label, i, ts++));
            store.tryAppend(label, new MetricEvent(label, i, ts++));
        }
        List<MetricEvent> bigBatch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            bigBatch.add(new MetricEvent("sensor-" + rnd.nextInt(20), i, ts++));
        }
        assertThat(store.tryAppendAll(bigBatch)).isEqualTo(300);
        assertThat(store.tryAppendAll(bigBatch.subList(0, 10))).isEqualTo(10);
        assertEveryEventInItsKeysPartition(store, partitions);

        List<List<MetricEvent>> before = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            before.add(store.copyPartition(p));
        }
        long cutoff = ts / 2;
        store.purge(Instant.ofEpochMilli(cutoff));
        assertEveryEventInItsKeysPartition(store, partitions);
        for (int p = 0; p < partitions; p++) {
            assertThat(store.copyPartition(p)).as("partition %d after purge", p)
                    .isEqualTo(before.get(p).stream().filter(e -> e.timestamp() >= cutoff).toList());
        }
    }

    @Test
    void bug07_eventKeysRouteTheSameSingleAndBatched() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(8).withCapacityPerPartition(1_000).create();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            store.tryAppend(new Event(i % 13, i, i));
            batch.add(new Event(i % 13, -i, i));
        }
        store.tryAppendAll(batch);
        for (int p = 0; p < 8; p++) {
            final int partition = p;
            assertThat(store.copyPartition(p)).allSatisfy(e -> assertThat(store.partitionFor(e.key())).isEqualTo(partition));
        }
        assertThat(store.copyPartition(store.partitionFor(5)).stream().filter(e -> e.key() == 5).count()).isEqualTo(16);
    }

    private static void assertEveryEventInItsKeysPartition(EventStore<MetricEvent> store, int partitions) {
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            assertThat(store.copyPartition(p)).as("partition %d", p)
                    .allSatisfy(e -> assertThat(store.partitionFor(e.label())).isEqualTo(partition));
        }
    }
}
