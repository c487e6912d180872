package dev.lockfree.eventstore.boot.kafka;

import java.util.List;
import java.util.Objects;

import dev.lockfree.eventstore.kafka.KafkaStoreBinding;
import dev.lockfree.eventstore.kafka.PartitionStats;
import dev.lockfree.eventstore.kafka.SkipReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of one Kafka-fed store, per partition (tags {@code store}, {@code partition}), read from its binding
 * when scraped: {@code eventstore.kafka.records.consumed}, {@code eventstore.kafka.records.skipped} (tag
 * {@code reason}) and the gauge {@code eventstore.kafka.lag} (NaN while the partition is not assigned here or
 * its lag is not known yet). Before the feed started, the counters read 0.
 */
public final class KafkaFeedMeterBinder implements MeterBinder {

    /** Reasons that belong to a partition (the others concern records without one). */
    private static final List<SkipReason> PARTITION_REASONS = List.of(SkipReason.NULL_VALUE, SkipReason.UNDECODABLE,
            SkipReason.MISSING_TIMESTAMP, SkipReason.NOT_ASSIGNED, SkipReason.ALREADY_FED);

    private final KafkaStoreFeed<?> feed;

    public KafkaFeedMeterBinder(KafkaStoreFeed<?> feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String store = feed.settings().store();
        for (int p = 0; p < feed.store().partitions(); p++) {
            String partition = Integer.toString(p);
            int index = p;
            FunctionCounter.builder("eventstore.kafka.records.consumed", feed,
                            f -> {
                                PartitionStats s = stats(f, index);
                                return s == null ? 0 : s.consumed();
                            })
                    .description("Records of the partition's topic partition appended to the store")
                    .tags("store", store, "partition", partition)
                    .register(registry);
            for (SkipReason reason : PARTITION_REASONS) {
                FunctionCounter.builder("eventstore.kafka.records.skipped", feed,
                                f -> {
                                    PartitionStats s = stats(f, index);
                                    return s == null ? 0 : s.skipped().getOrDefault(reason, 0L);
                                })
                        .description("Records of the partition's topic partition skipped instead of appended")
                        .tags("store", store, "partition", partition, "reason", reason.tag())
                        .register(registry);
            }
            Gauge.builder("eventstore.kafka.lag", feed, f -> {
                        PartitionStats s = stats(f, index);
                        return s == null || !s.assigned() || s.lag().isEmpty() ? Double.NaN : s.lag().getAsLong();
                    })
                    .description("Records between the consumer's position and the end of the topic partition")
                    .tags("store", store, "partition", partition)
                    .register(registry);
        }
    }

    private static @Nullable PartitionStats stats(KafkaStoreFeed<?> feed, int partition) {
        KafkaStoreBinding<?> binding = feed.binding().orElse(null);
        return binding == null ? null : binding.partitionStats(partition);
    }
}
