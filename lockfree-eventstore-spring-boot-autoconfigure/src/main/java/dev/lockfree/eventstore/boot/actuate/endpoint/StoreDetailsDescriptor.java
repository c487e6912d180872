package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * {@code GET /actuator/eventstore/{store}}: the fields of {@link StoreDescriptor}, plus the store's name,
 * its purged and cleared totals and one entry per partition.
 *
 * @param name             the store's name
 * @param purged           events removed by purge
 * @param cleared          events removed by clear
 * @param partitionDetails counters and snapshot state of each partition
 * @param kafka            the topic feeding the store and this instance's share of it; {@code null} for a
 *                         store fed locally
 * @see StoreDescriptor for the other fields
 */
public record StoreDetailsDescriptor(String name, String eventType, long capacity, int partitions, long buffered,
                                     boolean full, String overflowPolicy, long appended, long discarded,
                                     long rejected, long lateEvents, long restored, long purged, long cleared,
                                     double appendsPerSecond, @Nullable Instant lastAppend,
                                     SnapshotDescriptor snapshot, List<PartitionDescriptor> partitionDetails,
                                     @Nullable KafkaDescriptor kafka)
        implements OperationResponseBody {

    static StoreDetailsDescriptor of(String name, StoreDescriptor store, long purged, long cleared,
                                     List<PartitionDescriptor> partitionDetails, @Nullable KafkaDescriptor kafka) {
        return new StoreDetailsDescriptor(name, store.eventType(), store.capacity(), store.partitions(),
                store.buffered(), store.full(), store.overflowPolicy(), store.appended(), store.discarded(),
                store.rejected(), store.lateEvents(), store.restored(), purged, cleared, store.appendsPerSecond(),
                store.lastAppend(), store.snapshot(), List.copyOf(partitionDetails), kafka);
    }
}
