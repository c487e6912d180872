package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.WindowAggregate;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Window aggregates of a Kafka-fed store over the whole topic, whichever instance is asked.
 *
 * <p>In {@link KafkaFeedMode#REPLICA replica} mode every instance holds every partition, so the local store
 * answers. In {@link KafkaFeedMode#SHARD shard} mode this instance answers for the partitions it holds and asks
 * the owner of each other partition, found in the consumer group's membership ({@link PartitionOwners}), over HTTP
 * ({@link OwnerClient}), all owners in parallel and within one timeout for the whole query. Each partition is asked
 * of exactly one place, so none is counted twice; a partition that nobody owns, whose owner did not answer in time,
 * answered with an error or did not include it, is named in {@link ClusterAggregate#missingPartitions()}, never
 * silently left out of the total.
 */
public final class EventStoreCluster {

    private static final Log LOG = LogFactory.getLog(EventStoreCluster.class);

    private final Map<String, KafkaFedStore> stores;
    private final PartitionOwners owners;
    private final OwnerClient client;
    private final Duration timeout;

    /**
     * @param stores  the Kafka-fed stores of this instance
     * @param owners  where shard-mode owners are found
     * @param client  how other owners are asked
     * @param timeout how long one query may take in all (discovery and every owner's answer); positive
     * @throws IllegalArgumentException when two stores share a name or the timeout is not positive
     */
    public EventStoreCluster(Collection<KafkaFedStore> stores, PartitionOwners owners, OwnerClient client,
                             Duration timeout) {
        Map<String, KafkaFedStore> byName = new LinkedHashMap<>();
        for (KafkaFedStore store : stores) {
            if (byName.put(store.name(), store) != null) {
                throw new IllegalArgumentException("two Kafka-fed stores are named '" + store.name() + "'");
            }
        }
        this.stores = Map.copyOf(byName);
        this.owners = Objects.requireNonNull(owners, "owners");
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("eventstore.kafka.cluster.timeout must be positive but was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * The aggregate over the last {@code last}, up to now by the local store's clock (the same range is sent to
     * every owner, so all of them cover the same buckets).
     *
     * @throws IllegalArgumentException naming the store when it is unknown or not fed by Kafka, or when
     *                                  {@code last} is negative
     */
    public ClusterAggregate windowAggregate(String store, Duration last) {
        KafkaFedStore fed = require(store);
        Objects.requireNonNull(last, "last must not be null");
        if (last.isNegative()) {
            throw new IllegalArgumentException("last must not be negative but was " + last);
        }
        Instant now = fed.store().options().clock().instant();
        return query(fed, now.minus(last), now.plusMillis(1));
    }

    /**
     * The aggregate of every event whose timestamp lies in the buckets overlapping {@code [from, to)}.
     *
     * @throws IllegalArgumentException naming the store when it is unknown or not fed by Kafka, or when {@code from}
     *                                  is after {@code to}
     */
    public ClusterAggregate windowAggregate(String store, Instant from, Instant to) {
        KafkaFedStore fed = require(store);
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
        return query(fed, from, to);
    }

    /** The names of the stores this cluster answers for. */
    public SortedSet<String> stores() {
        return new TreeSet<>(stores.keySet());
    }

    private KafkaFedStore require(String store) {
        Objects.requireNonNull(store, "store must not be null");
        KafkaFedStore fed = stores.get(store);
        if (fed == null) {
            throw new IllegalArgumentException("No Kafka-fed event store named '" + store + "'" + (stores.isEmpty()
                    ? ": no store is fed by Kafka (set eventstore.stores.<name>.kafka.topic)"
                    : "; Kafka-fed stores: " + stores()));
        }
        return fed;
    }

    private ClusterAggregate query(KafkaFedStore fed, Instant from, Instant to) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterAggregate local = fed.aggregateHeld(from, to, fed.allPartitions());
        if (fed.mode() == KafkaFeedMode.REPLICA || local.complete()) {
            return local;
        }
        SortedMap<Integer, URI> owned;
        try {
            owned = owners.owners(fed.groupId(), fed.topic(), fed.name(), remaining(deadline));
        }
        catch (RuntimeException ex) {
            LOG.warn("Store '" + fed.name() + "': cannot find the owners of partitions " + local.missingPartitions()
                    + " of topic '" + fed.topic() + "'; they are reported missing", ex);
            return local;
        }
        Map<URI, SortedSet<Integer>> asks = new LinkedHashMap<>();
        for (Integer p : local.missingPartitions()) {
            URI owner = owned.get(p);
            if (owner != null) {
                asks.computeIfAbsent(owner, o -> new TreeSet<>()).add(p);
            }
        }
        List<Ask> sent = new ArrayList<>();
        asks.forEach((owner, partitions) -> sent.add(new Ask(owner, partitions, ask(fed, owner, from, to,
                partitions, deadline))));
        awaitAll(sent, deadline);
        WindowAggregate total = local.aggregate();
        SortedSet<Integer> included = new TreeSet<>(local.partitions());
        for (Ask ask : sent) {
            ClusterAggregate answer = answerOf(fed, ask);
            if (answer != null) {
                total = total.merge(answer.aggregate());
                included.addAll(answer.partitions());
            }
        }
        SortedSet<Integer> missing = fed.allPartitions();
        missing.removeAll(included);
        if (!missing.isEmpty() && LOG.isDebugEnabled()) {
            LOG.debug("Store '" + fed.name() + "': partitions " + missing + " are missing from the aggregate");
        }
        return new ClusterAggregate(total, included, missing);
    }

    private CompletableFuture<ClusterAggregate> ask(KafkaFedStore fed, URI owner, Instant from, Instant to,
                                                    SortedSet<Integer> partitions, long deadline) {
        try {
            return client.windowAggregate(owner, fed.name(), from, to, partitions, remaining(deadline));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static void awaitAll(List<Ask> sent, long deadline) {
        CompletableFuture<?> all = CompletableFuture.allOf(sent.stream().map(Ask::answer)
                .toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            // judged owner by owner below
        }
    }

    /** The owner's answer if it came in time, well-formed and within what was asked; otherwise null (missing). */
    private static @org.jspecify.annotations.Nullable ClusterAggregate answerOf(KafkaFedStore fed, Ask ask) {
        CompletableFuture<ClusterAggregate> future = ask.answer();
        if (!future.isDone()) {
            future.cancel(true);
            LOG.warn("Store '" + fed.name() + "': owner " + ask.owner() + " did not answer for partitions "
                    + ask.partitions() + " in time; they are reported missing");
            return null;
        }
        ClusterAggregate answer;
        try {
            answer = future.getNow(null);
        }
        catch (RuntimeException ex) {
            LOG.warn("Store '" + fed.name() + "': owner " + ask.owner() + " failed to answer for partitions "
                    + ask.partitions() + "; they are reported missing: " + ex.getMessage());
            return null;
        }
        if (answer == null || !ask.partitions().containsAll(answer.partitions())) {
            LOG.warn("Store '" + fed.name() + "': owner " + ask.owner() + " answered for partitions "
                    + (answer == null ? "none" : answer.partitions()) + " when asked for " + ask.partitions()
                    + "; the answer is dropped and they are reported missing");
            return null;
        }
        return answer;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private record Ask(URI owner, SortedSet<Integer> partitions, CompletableFuture<ClusterAggregate> answer) {
    }
}
