package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lockfree.eventstore.boot.kafka.KafkaFeedSettings;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.kafka.KafkaStoreBinding;
import dev.lockfree.eventstore.kafka.PartitionStats;
import org.jspecify.annotations.Nullable;

/**
 * The {@code kafka} section of the eventstore endpoint, read from each Kafka-fed store's binding. Created by the Kafka
 * wiring only, so the endpoint itself loads without Kafka on the classpath.
 */
public final class KafkaFeedDescriptions implements KafkaDescriptorSource {

    private final Map<String, KafkaStoreFeed<?>> feeds = new LinkedHashMap<>();

    public KafkaFeedDescriptions(List<? extends KafkaStoreFeed<?>> feeds) {
        feeds.forEach(f -> this.feeds.put(f.settings().store(), f));
    }

    @Override
    public @Nullable KafkaDescriptor kafka(String store) {
        KafkaStoreFeed<?> feed = feeds.get(store);
        if (feed == null) {
            return null;
        }
        KafkaFeedSettings settings = feed.settings();
        KafkaStoreBinding<?> binding = feed.binding().orElse(null);
        List<KafkaPartitionDescriptor> partitions = new ArrayList<>();
        List<Integer> assigned = new ArrayList<>();
        if (binding != null) {
            assigned.addAll(binding.assignedPartitions());
            for (PartitionStats s : binding.partitionStats()) {
                Map<String, Long> skipped = new LinkedHashMap<>();
                s.skipped().forEach((reason, n) -> skipped.put(reason.tag(), n));
                partitions.add(new KafkaPartitionDescriptor(s.partition(), s.assigned(), s.lastOffset(),
                        s.lag().isPresent() ? s.lag().getAsLong() : null, s.consumed(), skipped));
            }
        }
        return new KafkaDescriptor(settings.topic(), settings.mode().name().toLowerCase(Locale.ROOT),
                settings.groupId(), assigned, partitions);
    }
}
