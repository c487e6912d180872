package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/** Asks another instance for the window aggregate of the partitions of a store it holds. */
public interface OwnerClient {

    /**
     * The owner's answer for {@code partitions} of {@code store} over {@code [from, to)}: the aggregate of those it
     * holds, the others named missing. Completes exceptionally when the owner cannot be reached or answers with an
     * error; never blocks the caller.
     *
     * @param owner   the owner's base URL, from its client id ({@link MemberAddress})
     * @param timeout how long the request may take
     */
    CompletableFuture<ClusterAggregate> windowAggregate(URI owner, String store, Instant from, Instant to,
                                                        SortedSet<Integer> partitions, Duration timeout);
}
