package dev.lockfree.sample.dashboard.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptor;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptorSource;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaPartitionDescriptor;
import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;

/**
 * The {@code kafka} part of {@code GET /api/dashboard} (kafka profile only): for each Kafka-fed store, what this
 * instance owns and how far behind it is, next to the store's totals over the whole cluster with the missing
 * partitions named. Ownership and lag come from the consumer's own binding (as the eventstore endpoint's
 * {@code kafka} section, which needs the role ADMIN), the totals from {@link EventStoreCluster}.
 */
@Component
@Profile("kafka")
public class KafkaDashboard {

    private final KafkaDescriptorSource feeds;
    private final EventStoreCluster cluster;
    private final Environment environment;
    private final String instance;

    public KafkaDashboard(KafkaDescriptorSource feeds, EventStoreCluster cluster, Environment environment,
                          @Value("${eventstore.kafka.advertised-url:}") String advertisedUrl) {
        this.feeds = feeds;
        this.cluster = cluster;
        this.environment = environment;
        this.instance = advertisedUrl;
    }

    /**
     * @param instance the address other instances ask this one at ({@code eventstore.kafka.advertised-url}),
     *                 empty when it is derived from the server's address
     * @param stores   each Kafka-fed store, by name
     */
    public record View(String instance, List<StoreFeed> stores) {
    }

    /**
     * @param consuming       false on a publishing-only instance (a gateway), which owns nothing
     * @param ownedPartitions the partitions this instance holds now
     * @param owned           one entry per owned partition
     * @param cluster         the store's totals over every instance, over its whole window
     */
    public record StoreFeed(String store, String topic, String group, boolean consuming, List<Integer> ownedPartitions,
                            List<OwnedPartition> owned, ClusterTotals cluster) {
    }

    /**
     * @param lastOffset offset of the last record handled, -1 before the first
     * @param lag        records not yet consumed, {@code null} before the first fetch
     * @param consumed   records appended since this instance took the partition
     */
    public record OwnedPartition(int partition, long lastOffset, Long lag, long consumed) {
    }

    public View view() {
        List<StoreFeed> stores = new ArrayList<>();
        for (String store : cluster.stores()) {
            KafkaDescriptor kafka = feeds.kafka(store);
            if (kafka == null) {
                continue;
            }
            List<OwnedPartition> owned = new ArrayList<>();
            for (KafkaPartitionDescriptor p : kafka.partitions()) {
                if (p.assigned()) {
                    owned.add(new OwnedPartition(p.partition(), p.lastOffset(), p.lag(), p.consumed()));
                }
            }
            boolean consuming = Binder.get(environment)
                    .bind("eventstore.stores." + store + ".kafka.consume", Boolean.class).orElse(true);
            stores.add(new StoreFeed(store, kafka.topic(), kafka.group(), consuming, kafka.assignedPartitions(),
                    owned, ClusterTotals.of(store, cluster.windowAggregate(store, window(store)))));
        }
        return new View(instance, stores);
    }

    private Duration window(String store) {
        return Binder.get(environment).bind("eventstore.stores." + store + ".window.size", Duration.class)
                .orElse(Duration.ofMinutes(15));
    }
}
