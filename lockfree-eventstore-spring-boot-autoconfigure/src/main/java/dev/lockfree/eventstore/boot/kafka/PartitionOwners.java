package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.time.Duration;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * Who owns each partition of a Kafka-fed store's topic now, and where that owner answers: the directory of a
 * shard-mode cluster query. Implementations ask Kafka ({@link AdminPartitionOwners}); nothing is kept by hand.
 */
public interface PartitionOwners {

    /**
     * The owner of each partition of {@code topic} among the members of {@code groupId} that consume {@code store}
     * (their client ids name their base URL, see {@link MemberAddress}). A partition with no such member is absent.
     *
     * @param timeout how long the answer may take
     * @throws PartitionOwnersException when Kafka could not say in time, or at all
     */
    SortedMap<Integer, URI> owners(String groupId, String topic, String store, Duration timeout);

    /** The group's membership could not be read. */
    final class PartitionOwnersException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public PartitionOwnersException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
