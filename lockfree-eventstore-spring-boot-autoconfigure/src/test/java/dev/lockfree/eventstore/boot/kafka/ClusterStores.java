package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Duration;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** Test stores shaped like one Kafka-fed store on several instances: same partitions, same window. */
final class ClusterStores {

    static final int PARTITIONS = 6;

    private ClusterStores() {
    }

    static EventStore<MetricEvent> store() {
        return MetricEvent.storeBuilder().withPartitions(PARTITIONS).withCapacityPerPartition(16)
                .withWindow(Duration.ofMinutes(5), Duration.ofSeconds(1)).create();
    }

    /** An instance's view of store "orders" holding {@code held} (changeable through the reference). */
    static KafkaFedStore fed(KafkaFeedMode mode, EventStore<MetricEvent> store,
                             AtomicReference<SortedSet<Integer>> held) {
        return fed(mode, store, held, "orders-view");
    }

    static KafkaFedStore fed(KafkaFeedMode mode, EventStore<MetricEvent> store,
                             AtomicReference<SortedSet<Integer>> held, String groupId) {
        return new KafkaFedStore("orders", "orders-topic", groupId, mode, store, held::get);
    }

    static AtomicReference<SortedSet<Integer>> held(Integer... partitions) {
        return new AtomicReference<>(new TreeSet<>(Set.of(partitions)));
    }
}
