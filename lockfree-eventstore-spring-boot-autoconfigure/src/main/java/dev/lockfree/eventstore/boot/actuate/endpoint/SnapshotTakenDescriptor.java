package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * {@code POST /actuator/eventstore/{store}}: what a snapshot on demand wrote.
 *
 * @param store             the store's name
 * @param partitionsWritten partitions written (unchanged partitions are not rewritten; a failed one is
 *                          not counted and shows in {@code snapshot.failures})
 * @param snapshot          the store's snapshot state afterwards
 */
public record SnapshotTakenDescriptor(String store, int partitionsWritten, SnapshotDescriptor snapshot)
        implements OperationResponseBody {
}
