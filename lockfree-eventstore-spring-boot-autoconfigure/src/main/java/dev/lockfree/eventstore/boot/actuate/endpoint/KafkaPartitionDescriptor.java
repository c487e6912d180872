package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One partition in the {@code kafka} section of a store.
 *
 * @param partition  the store partition, also the topic partition
 * @param assigned   whether this instance holds it now
 * @param lastOffset the offset of the last record handled (appended or skipped), -1 before the first
 * @param lag        records between the consumer's position and the end of the topic partition, {@code null}
 *                   when not known (not assigned, or no fetch yet)
 * @param consumed   records appended to the store
 * @param skipped    records skipped, by reason tag
 */
public record KafkaPartitionDescriptor(int partition, boolean assigned, long lastOffset, @Nullable Long lag,
                                       long consumed, Map<String, Long> skipped) {

    public KafkaPartitionDescriptor {
        skipped = Map.copyOf(skipped);
    }
}
