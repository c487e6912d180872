package dev.lockfree.eventstore.kafka;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One store partition as {@link KafkaStoreBinding} feeds it.
 *
 * @param partition  the store partition, also the topic partition
 * @param assigned   whether this instance owns it now
 * @param lastOffset the offset of the last record handled (appended or skipped), or -1 before the first; the
 *                   committed position is {@code lastOffset + 1}
 * @param consumed   records appended to the store
 * @param skipped    records skipped, by reason (reasons never met are absent)
 * @param lag        records between the consumer's position and the end of the partition, when known
 */
public record PartitionStats(int partition, boolean assigned, long lastOffset, long consumed,
                             Map<SkipReason, Long> skipped, OptionalLong lag) {

    public PartitionStats {
        skipped = Map.copyOf(skipped);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
