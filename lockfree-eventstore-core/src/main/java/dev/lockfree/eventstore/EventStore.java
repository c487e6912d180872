package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.CallbackFailures;
import dev.lockfree.eventstore.partition.KeyRouting;
import dev.lockfree.eventstore.partition.PartitionRing;
import dev.lockfree.eventstore.partition.WindowEpoch;
import dev.lockfree.eventstore.partition.ProducerIndex;
import dev.lockfree.eventstore.partition.ProducerRings;
import dev.lockfree.eventstore.query.EventQuery;
import dev.lockfree.eventstore.query.EventSource;
import dev.lockfree.eventstore.window.BucketWindow;
import dev.lockfree.eventstore.window.OwnedStripe;
import dev.lockfree.eventstore.window.WindowAccumulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * An in-memory, lock-free, partitioned store of the most recent events of a stream.
 *
 * <p>Each partition is a fixed-capacity ring that evicts its oldest event (or, with
 * {@link OverflowPolicy#REJECT}, refuses new ones) when full. Appends never block on readers or on
 * maintenance, never allocate and never read the clock. Readers take copies or stream over the events
 * without blocking producers, and every event they see was fully published (guarantees G1-G4 in the
 * README). Optional per-partition time buckets answer count/sum/min/max over recent time in time
 * independent of the number of events stored.
 *
 * <p>Routing: with a key selector (or a string key), a key always goes to the same partition, in every
 * process and on every call path. Without one, each producer thread appends to its own partition.
 *
 * <p>Lifecycle: a store holds no resource but memory, except the thread of a
 * {@linkplain EventStoreBuilder#withStatsListener stats listener}; {@link #close()} stops that and nothing else
 * (the events stay readable and appendable, because a check on every append would cost the append path).
 *
 * @param <E> the event type; events should be immutable once appended
 */
public final class EventStore<E> implements AutoCloseable {

    /** The seed's message for time-bounded queries without window tracking, kept verbatim (SPEC 2.3). */
    public static final String WINDOW_TRACKING_DISABLED =
            "Window tracking is disabled. EnableWindowTracking must be true to use window queries.";
    static final String NO_TIMESTAMP_SELECTOR =
            "TimestampSelector must be configured to use timestamp filtering.";
    static final String NO_TIMESTAMP_SELECTOR_FOR_PURGE =
            "TimestampSelector must be configured to use Purge.";

    private final EventStoreOptions<E> options;
    private final PartitionRing<E>[] rings;
    private final List<PartitionView<E>> views;
    /** Hands out the owned window stripes (one writer each, no CAS); null when the store has no windows. */
    private final dev.lockfree.eventstore.window.StripeOwners stripeOwners;
    /** Per-partition window epochs; null when window tracking is off or a selector is missing. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<WindowEpoch> epochs;
    private final int windowStripes;
    /** Late events of the windows retired by clear, so that lateEvents stays cumulative. */
    private final java.util.concurrent.atomic.AtomicLongArray lateCarry;
    /** Advances of the windows retired by clear, so that windowAdvanceCount stays cumulative. */
    private final java.util.concurrent.atomic.AtomicLongArray advanceCarry;
    private final int partitionMask;
    /** Unkeyed appends without window tracking go straight to the producer's ring; null otherwise. */
    private final ProducerRings<E> producerRings;
    private final ToLongFunction<? super E> timestampSelector;
    private final ToDoubleFunction<? super E> valueSelector;
    private final Function<? super E, ?> keySelector;
    private final CallbackFailures callbackFailures = new CallbackFailures();
    private final AppendRateSampler rateSampler;
    private final AtomicLong purged = new AtomicLong();
    private final AtomicLong cleared = new AtomicLong();
    private final KeyMap keyMap = new KeyMap();
    private final EventSource<E> source = new Source();
    private final java.util.concurrent.CopyOnWriteArrayList<MaintenanceListener> maintenanceListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Non-null when the store is fed from outside: every local append is refused. */
    private final ExternalFeed externalFeed;
    /** Per partition, the source positions of the newest fed events; null unless externally fed. */
    private final dev.lockfree.eventstore.partition.SequenceLongs[] sourcePositions;
    /**
     * Whether events take their timestamps from the feed: externally fed, without a timestamp selector (see
     * {@link EventStoreBuilder#withExternalFeed}).
     */
    private final boolean feedTimestamps;
    /** Per partition, the feed timestamp of every retained event; null unless {@link #feedTimestamps}. */
    private final dev.lockfree.eventstore.partition.SequenceLongs[] eventTimestamps;
    private final java.util.concurrent.atomic.AtomicBoolean feedClaimed = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the snapshot and stream packages use beyond the public API (see {@link StoreInternals}). */
    private final StoreInternals<E> internals = new StoreInternals<>(this);
    /** Pushes statistics to the stats listener; null without one. */
    private final StatisticsPublisher statisticsPublisher;

    /** A store with the default options. */
    public EventStore() {
        this(EventStoreOptions.defaults());
    }

    /** A store of at least {@code capacity} events over {@code availableProcessors} partitions. */
    public EventStore(int capacity) {
        this(new EventStoreBuilder<E>().withCapacity(capacity).options());
    }

    /** A store of at least {@code capacity} events over {@code partitions} partitions. */
    public EventStore(int capacity, int partitions) {
        this(new EventStoreBuilder<E>().withCapacity(capacity).withPartitions(partitions).options());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public EventStore(EventStoreOptions<E> options) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        int partitions = options.partitions();
        this.rings = new PartitionRing[partitions];
        for (int p = 0; p < partitions; p++) {
            rings[p] = new PartitionRing<>(options.capacityPerPartition(),
                    options.overflowPolicy() == OverflowPolicy.REJECT, options.onDiscarded(),
                    options.onCapacityReached(), callbackFailures);
        }
        List<PartitionView<E>> partitionViews = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            partitionViews.add(new PartitionView<>(p, rings[p]));
        }
        this.views = List.copyOf(partitionViews);
        this.timestampSelector = options.timestampSelector();
        this.valueSelector = options.valueSelector();
        this.keySelector = options.keySelector();
        this.feedTimestamps = options.externalFeed() != null && timestampSelector == null;
        if (options.windowTracking() && (timestampSelector != null || feedTimestamps) && valueSelector != null) {
            this.windowStripes =
                    Integer.highestOneBit(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
            this.lateCarry = new java.util.concurrent.atomic.AtomicLongArray(partitions);
            this.advanceCarry = new java.util.concurrent.atomic.AtomicLongArray(partitions);
            this.epochs = new java.util.concurrent.atomic.AtomicReferenceArray<>(partitions);
            this.stripeOwners = new dev.lockfree.eventstore.window.StripeOwners(windowStripes);
            for (int p = 0; p < partitions; p++) {
                epochs.set(p, new WindowEpoch(newWindow(), 0));
            }
        } else {
            this.epochs = null;
            this.stripeOwners = null;
            this.windowStripes = 0;
            this.lateCarry = null;
            this.advanceCarry = null;
        }
        this.partitionMask = Integer.bitCount(partitions) == 1 ? partitions - 1 : -1;
        this.externalFeed = options.externalFeed();
        // An externally fed store has no producer rings, so the refusal below costs the unkeyed fast path nothing.
        this.producerRings = keySelector == null && epochs == null && externalFeed == null
                ? new ProducerRings<>(rings) : null;
        if (externalFeed != null) {
            this.sourcePositions = new dev.lockfree.eventstore.partition.SequenceLongs[partitions];
            for (int p = 0; p < partitions; p++) {
                sourcePositions[p] = new dev.lockfree.eventstore.partition.SequenceLongs(options.capacityPerPartition(),
                        dev.lockfree.eventstore.partition.SequenceLongs.POSITION_SLOTS);
            }
        } else {
            this.sourcePositions = null;
        }
        if (feedTimestamps) {
            // Kept with or without a window: snapshots carry them, so a store restarted with a value selector
            // rebuilds its window exactly.
            this.eventTimestamps = new dev.lockfree.eventstore.partition.SequenceLongs[partitions];
            for (int p = 0; p < partitions; p++) {
                eventTimestamps[p] = new dev.lockfree.eventstore.partition.SequenceLongs(options.capacityPerPartition(),
                        dev.lockfree.eventstore.partition.SequenceLongs.ALL_SLOTS);
            }
        } else {
            this.eventTimestamps = null;
        }
        this.rateSampler = new AppendRateSampler(options.clock());
        // Last: the schedule's thread may read the store as soon as it starts (start happens-before its reads).
        this.statisticsPublisher = options.statisticsSchedule() == null ? null
                : new StatisticsPublisher(options.statisticsSchedule(), this::statistics, callbackFailures);
    }

    /**
     * Stops pushing statistics to the {@linkplain EventStoreBuilder#withStatsListener stats listener}: cancels the
     * schedule, waits for a call in progress to return (unless called from inside the listener), and stops the
     * store's own thread (a caller's scheduler is left running). After it returns the listener is not called
     * again. The store itself stays usable. Idempotent; does nothing on a store without a stats listener.
     */
    @Override
    public void close() {
        if (statisticsPublisher != null) {
            statisticsPublisher.close();
        }
    }

    public static <E> EventStoreBuilder<E> builder() {
        return new EventStoreBuilder<>();
    }

    public EventStoreOptions<E> options() {
        return options;
    }

    /** A string-to-id map owned by this store, for building compact {@link Event} keys. */
    public KeyMap keyMap() {
        return keyMap;
    }

    // ------------------------------------------------------------------------------------------------
    // Appending
    // ------------------------------------------------------------------------------------------------

    /**
     * Appends an event to the partition of its key (with a key selector) or of the calling producer.
     *
     * @return {@code false} only under {@link OverflowPolicy#REJECT} when the partition is full
     */
    public boolean tryAppend(E event) {
        Objects.requireNonNull(event, "event must not be null");
        final ProducerRings<E> producerRings = this.producerRings;
        if (producerRings != null) {
            return producerRings.current().offer(event); // the same partition as below, fewer loads
        }
        if (keySelector != null) {
            return appendTo(keyPartition(event), event, windowStripe());
        }
        final int producer = ProducerIndex.current(); // window tracking on or externally fed (else producerRings served)
        return appendTo(producerPartition(producer), event, producer);
    }

    /** Appends to an explicit partition. */
    public boolean tryAppend(E event, int partition) {
        Objects.requireNonNull(event, "event must not be null");
        checkPartition(partition);
        return appendTo(partition, event, windowStripe());
    }

    /** Appends to the partition of {@code key} (the same partition as a key selector returning {@code key}). */
    public boolean tryAppend(String key, E event) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(event, "event must not be null");
        return appendTo(KeyRouting.partitionFor(key, rings.length), event, windowStripe());
    }

    /**
     * Appends each event as {@link #tryAppend(Object)} would (same routing).
     *
     * @return how many were appended
     */
    public int tryAppendAll(Iterable<? extends E> events) {
        Objects.requireNonNull(events, "events must not be null");
        refuseIfExternallyFed();
        int appended = 0;
        for (E event : events) {
            if (tryAppend(event)) {
                appended++;
            }
        }
        return appended;
    }

    /** Appends each event to {@code partition}; returns how many were appended. */
    public int tryAppendAll(Iterable<? extends E> events, int partition) {
        Objects.requireNonNull(events, "events must not be null");
        checkPartition(partition);
        refuseIfExternallyFed();
        final int producer = windowStripe();
        int appended = 0;
        for (E event : events) {
            Objects.requireNonNull(event, "event must not be null");
            if (appendTo(partition, event, producer)) {
                appended++;
            }
        }
        return appended;
    }

    // ------------------------------------------------------------------------------------------------
    // Appending by key id, with an explicit timestamp, and batches that stop at the first rejection
    // ------------------------------------------------------------------------------------------------

    /**
     * The {@link KeyId} of {@code key}: its id in this store's {@link #keyMap()} (registered if new), with the
     * partition of that id. See {@link KeyId} for how it routes (as the id, not as the string).
     */
    public KeyId keyId(String key) {
        return keyId(keyMap.getOrAdd(key));
    }

    /** The {@link KeyId} of a dense id the caller already has (e.g. {@link Event#key()}); any int is allowed. */
    public KeyId keyId(int id) {
        return new KeyId(this, id, KeyRouting.partitionForHash(id, rings.length));
    }

    /**
     * Appends to the partition of {@code key} (worked out when the key id was issued). The key selector, if any,
     * is not run: the event should carry this key, as with {@link #appender(Object)}.
     *
     * @return {@code false} only under {@link OverflowPolicy#REJECT} when the partition is full
     * @throws IllegalArgumentException if another store issued {@code key}
     */
    public boolean tryAppend(KeyId key, E event) {
        Objects.requireNonNull(event, "event must not be null");
        return appendTo(ownPartition(key), event, windowStripe());
    }

    /**
     * Appends to the partition of {@code key}, counting the event in the time bucket of {@code timestampMillis}
     * instead of the timestamp selector's value (the seed's {@code TryAppend(key, e, ticks)}, row 37 of
     * docs/seed-parity.md): for events whose
     * own timestamp is not the time to aggregate them at, such as late-arriving readings that should count at
     * ingestion time. Only the window uses it. Reads, {@code purge} and snapshots still go by the event's own
     * timestamp, so {@link #windowAggregate} and a scan over the same range can then disagree, by design.
     *
     * @param timestampMillis epoch milliseconds, {@code >= 0}
     * @throws IllegalStateException    if the store keeps no time window (window tracking off, or no timestamp or
     *                                  value selector): the timestamp would have nowhere to go, and the seed
     *                                  dropped it silently (docs/seed-parity.md, row 37)
     * @throws IllegalArgumentException if {@code timestampMillis} is negative
     */
    public boolean tryAppend(Object key, E event, long timestampMillis) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(event, "event must not be null");
        if (key instanceof KeyId keyId) {
            return tryAppend(keyId, event, timestampMillis);
        }
        return appendAt(KeyRouting.partitionFor(key, rings.length), event, timestampMillis);
    }

    /** {@link #tryAppend(Object, Object, long)} by key id: the partition of {@code key}, the bucket of the timestamp. */
    public boolean tryAppend(KeyId key, E event, long timestampMillis) {
        Objects.requireNonNull(event, "event must not be null");
        return appendAt(ownPartition(key), event, timestampMillis);
    }

    private boolean appendAt(int partition, E event, long timestampMillis) {
        refuseIfExternallyFed();
        if (epochs == null) {
            throw new IllegalStateException("An explicit timestamp only places the event in the time window, and this "
                    + "store keeps none (window tracking " + (options.windowTracking() ? "on" : "off")
                    + ", timestampSelector " + (timestampSelector == null ? "missing" : "set") + ", valueSelector "
                    + (valueSelector == null ? "missing" : "set") + "): append without a timestamp, or configure "
                    + "withWindowTracking(true), withTimestampSelector and withValueSelector");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestampMillis must be >= 0 (epoch milliseconds) but was "
                    + timestampMillis);
        }
        return offerAt(partition, event, timestampMillis, ProducerIndex.current(), LOOK_UP) >= 0;
    }

    /**
     * Appends {@code events} in order to the partition of {@code key}, stopping at the first one rejected
     * ({@link OverflowPolicy#REJECT}, partition full). Unlike {@link #tryAppendAll}, which goes on past a rejection,
     * the result says exactly how far the batch got: events {@code [0, n)} are stored, event {@code n} (if
     * {@code n < events.size()}) was rejected and none after it was tried, so a retry resumes at {@code n}.
     * The whole batch is checked first: bad input stores nothing.
     *
     * @return how many events were stored, which is also the index of the first rejected event
     * @throws NullPointerException     naming the index of a null event
     * @throws IllegalArgumentException if another store issued {@code key}
     */
    public int tryAppendBatch(KeyId key, List<? extends E> events) {
        final int partition = ownPartition(key);
        Objects.requireNonNull(events, "events must not be null");
        refuseIfExternallyFed();
        final int size = events.size();
        for (int i = 0; i < size; i++) {
            if (events.get(i) == null) {
                throw new NullPointerException("events[" + i + "] must not be null");
            }
        }
        final int producer = windowStripe();
        for (int i = 0; i < size; i++) {
            if (!offerTo(partition, events.get(i), producer)) {
                return i;
            }
        }
        return size;
    }

    /**
     * Appends {@code events.get(i)} to the partition of {@code keys.get(i)}, in order, stopping at the first
     * rejection like {@link #tryAppendBatch(KeyId, List)} (the seed's batch of {@code (KeyId, event)} pairs, row 44
     * of docs/seed-parity.md, as
     * two lists of equal size so that no pair object is needed). The whole batch is checked first.
     *
     * @return how many events were stored, which is also the index of the first rejected event
     * @throws IllegalArgumentException if the sizes differ or another store issued one of the keys (naming its index)
     * @throws NullPointerException     naming the index of a null key or event
     */
    public int tryAppendBatch(List<KeyId> keys, List<? extends E> events) {
        Objects.requireNonNull(keys, "keys must not be null");
        Objects.requireNonNull(events, "events must not be null");
        refuseIfExternallyFed();
        final int size = events.size();
        if (keys.size() != size) {
            throw new IllegalArgumentException("keys and events must have the same size but keys has " + keys.size()
                    + " and events " + size);
        }
        for (int i = 0; i < size; i++) {
            final KeyId key = keys.get(i);
            if (key == null) {
                throw new NullPointerException("keys[" + i + "] must not be null");
            }
            if (!key.issuedBy(this)) {
                throw foreignKey(key, "keys[" + i + "]");
            }
            if (events.get(i) == null) {
                throw new NullPointerException("events[" + i + "] must not be null");
            }
        }
        final int producer = windowStripe();
        for (int i = 0; i < size; i++) {
            if (!offerTo(keys.get(i).partition(), events.get(i), producer)) {
                return i;
            }
        }
        return size;
    }

    private int ownPartition(KeyId key) {
        Objects.requireNonNull(key, "key must not be null");
        if (!key.issuedBy(this)) {
            throw foreignKey(key, "key");
        }
        return key.partition();
    }

    private IllegalArgumentException foreignKey(KeyId key, String name) {
        return new IllegalArgumentException(name + " " + key + " was issued by another EventStore; use keyId("
                + key.id() + ") of this store (its partitions may differ)");
    }

    /**
     * An {@link Appender} bound to the partition this thread's unkeyed appends go to: the same partition
     * {@link #tryAppend(Object)} picks for this thread, without routing each event.
     *
     * @throws IllegalStateException on a store with a key selector (use {@link #appender(Object)} so that a
     *                               key's events stay in its partition) or an externally fed store
     */
    public Appender<E> appender() {
        if (keySelector != null) {
            throw new IllegalStateException("This store routes events by key (keySelector): use appender(key) "
                    + "for the partition of a key, or appender(partition), so that a key's events stay in its partition");
        }
        return newAppender(producerPartition(ProducerIndex.current()));
    }

    /**
     * An {@link Appender} bound to the partition of {@code key} (the partition a key selector returning
     * {@code key} routes to). Events appended through it are not routed again: they should carry this key.
     */
    public Appender<E> appender(Object key) {
        Objects.requireNonNull(key, "key must not be null");
        return newAppender(KeyRouting.partitionFor(key, rings.length));
    }

    /** An {@link Appender} bound to {@code partition}. */
    public Appender<E> appender(int partition) {
        checkPartition(partition);
        return newAppender(partition);
    }

    private Appender<E> newAppender(int partition) {
        refuseIfExternallyFed();
        final int owned = stripeOwners == null ? -1 : stripeOwners.stripeOf(ProducerIndex.current());
        return new Appender<>(this, partition, epochs == null ? rings[partition] : null, owned, rings[partition],
                timestampSelector, valueSelector);
    }

    /** {@link Appender#tryAppend} with window tracking: {@code ownedStripe} is the caller's, -1, or {@link #LOOK_UP}. */
    boolean appendFrom(int partition, E event, int ownedStripe) {
        final int producer = ownedStripe >= 0 ? 0 : ProducerIndex.current(); // the probe of the shared stripes
        return offerAt(partition, event, producer, ownedStripe) >= 0;
    }

    /** Tells {@link #offerAt} to find the calling thread's owned stripe itself. */
    static final int LOOK_UP = -2;

    /** The partition events with this routing key go to. */
    public int partitionFor(Object key) {
        return KeyRouting.partitionFor(key, rings.length);
    }

    private BucketWindow newWindow() {
        return new BucketWindow(options.bucketWidth().toMillis(), options.bucketCount(), windowStripes,
                stripeOwners.stripes());
    }

    /**
     * Every local append goes through here (the unkeyed fast path aside, which an externally fed store does not
     * have): one test of a final field, on a path that already runs a selector or records into a window.
     */
    private boolean appendTo(int partition, E event, int producer) {
        if (externalFeed != null) {
            throw new IllegalStateException(externalFeed.refusal());
        }
        return offerTo(partition, event, producer);
    }

    private void refuseIfExternallyFed() {
        if (externalFeed != null) {
            throw new IllegalStateException(externalFeed.refusal());
        }
    }

    /**
     * The feed's append: records the source position of the sequence the event is about to take, then
     * appends. One feeding thread per partition, and no local appends, so that sequence is {@code tail}.
     */
    boolean feed(int partition, E event, long sourcePosition) {
        checkPartition(partition);
        if (feedTimestamps) {
            throw new IllegalStateException("Store '" + externalFeed.storeName() + "' takes each event's timestamp "
                    + "from its feed (it has no timestampSelector): pass the timestamp, "
                    + "append(partition, event, sourcePosition, timestampMillis)");
        }
        final long sequence = rings[partition].nextSequence();
        sourcePositions[partition].record(sequence, sourcePosition);
        final long position = offerAt(partition, event, windowStripe());
        return checkFedSequence(partition, sequence, position, sourcePosition);
    }

    /**
     * The feed's append with the event's timestamp: records the source position and the timestamp of the sequence
     * the event is about to take (before it is published, so that a reader that sees the event sees both), then
     * appends, counting the event in the window at that timestamp.
     */
    boolean feed(int partition, E event, long sourcePosition, long timestampMillis) {
        checkPartition(partition);
        if (!feedTimestamps) {
            throw new IllegalStateException("Store '" + externalFeed.storeName() + "' has a timestampSelector, which "
                    + "decides each event's timestamp: append(partition, event, sourcePosition) without one");
        }
        final long sequence = rings[partition].nextSequence();
        sourcePositions[partition].record(sequence, sourcePosition);
        eventTimestamps[partition].record(sequence, timestampMillis);
        final long position = epochs == null ? rings[partition].offerAt(event)
                : offerAt(partition, event, timestampMillis, ProducerIndex.current(), LOOK_UP);
        if (position >= 0 && position != sequence) {
            eventTimestamps[partition].record(position, timestampMillis);
        }
        return checkFedSequence(partition, sequence, position, sourcePosition);
    }

    private boolean checkFedSequence(int partition, long sequence, long position, long sourcePosition) {
        if (position >= 0 && position != sequence) {
            // only a second thread feeding the same partition can cause this: make its position right at least
            sourcePositions[partition].record(position, sourcePosition);
            throw new IllegalStateException("Partition " + partition + " of store '" + externalFeed.storeName()
                    + "' is fed by more than one thread at a time: expected sequence " + sequence + " but got "
                    + position);
        }
        return position >= 0;
    }

    /**
     * The source position recorded for {@code sequence} of {@code partition} (by the feed, or by a restore that
     * carried one); empty when the store is not externally fed, none was recorded, or it was overwritten since.
     */
    public java.util.OptionalLong sourcePosition(int partition, long sequence) {
        checkPartition(partition);
        return sourcePositions == null ? java.util.OptionalLong.empty() : sourcePositions[partition].valueOf(sequence);
    }

    /**
     * Whether each event's timestamp comes from the feed ({@link PartitionFeed#append(int, Object, long, long)}): the
     * store is externally fed and has no timestamp selector.
     */
    boolean takesFeedTimestamps() {
        return feedTimestamps;
    }

    /** The feed timestamp of {@code sequence} of {@code partition}, or -1 if none was recorded or it was overwritten. */
    long feedTimestamp(int partition, long sequence) {
        return eventTimestamps[partition].valueOr(sequence, -1L);
    }

    /** Why a read by time or a purge cannot run on a store whose timestamps come from its feed. */
    private IllegalStateException feedTimestampsOnly(String what) {
        return new IllegalStateException(what + " on store '" + externalFeed.storeName() + "' needs each event's "
                + "timestamp, and its timestamps come from its feed (the Kafka record's timestamp), which only the "
                + "time window keeps (windowAggregate works): configure a timestampSelector (Spring Boot: "
                + "eventstore.stores." + externalFeed.storeName() + ".timestamp-property) to enable it");
    }

    /** Whether the store is fed from outside ({@link EventStoreBuilder#withExternalFeed}) and refuses local appends. */
    public boolean isExternallyFed() {
        return externalFeed != null;
    }

    /**
     * Hands out the store's one {@link PartitionFeed}: the only way to put events into an externally fed store.
     *
     * @throws IllegalStateException if the store is not externally fed, or the feed was claimed already
     */
    public PartitionFeed<E> claimFeed() {
        if (externalFeed == null) {
            throw new IllegalStateException("This store is not externally fed (see EventStoreBuilder.withExternalFeed); "
                    + "append to it with tryAppend");
        }
        if (!feedClaimed.compareAndSet(false, true)) {
            throw new IllegalStateException("The feed of store '" + externalFeed.storeName()
                    + "' was claimed already: a store has one feed");
        }
        return new PartitionFeed<>(this);
    }

    private boolean offerTo(int partition, E event, int producer) {
        final java.util.concurrent.atomic.AtomicReferenceArray<WindowEpoch> epochs = this.epochs;
        if (epochs == null) {
            return rings[partition].offer(event);
        }
        return offerAt(partition, event, producer) >= 0;
    }

    /** Appends with window tracking on; returns the position taken, or -1 when rejected. */
    private long offerAt(int partition, E event, int producer) {
        return offerAt(partition, event, producer, LOOK_UP);
    }

    /**
     * As {@link #offerAt(int, Object, int)}; {@code ownedStripe} is the calling thread's owned window stripe,
     * -1 if it has none, or {@link #LOOK_UP}.
     */
    private long offerAt(int partition, E event, int producer, int ownedStripe) {
        final java.util.concurrent.atomic.AtomicReferenceArray<WindowEpoch> epochs = this.epochs;
        if (epochs == null) {
            return rings[partition].offerAt(event);
        }
        // Selectors run before the event is stored, so a throwing selector stores nothing.
        final long timestamp = timestampSelector.applyAsLong(event);
        return offerAt(partition, event, timestamp, producer, ownedStripe);
    }

    /**
     * As {@link #offerAt(int, Object, int, int)}, with window tracking on, the event counted in the bucket of
     * {@code timestamp} (the selector's, or an explicit one).
     */
    private long offerAt(int partition, E event, long timestamp, int producer, int ownedStripe) {
        final java.util.concurrent.atomic.AtomicReferenceArray<WindowEpoch> epochs = this.epochs;
        final double value = valueSelector.applyAsDouble(event);
        final int owned = ownedStripe == LOOK_UP ? stripeOwners.stripeOf(producer) : ownedStripe;
        if (owned >= 0) {
            // The ring's claim is a full fence: every load after it waits for it. So find the bucket slot before
            // the claim (from the epoch seen now), and after it only check that no clear retired that epoch's
            // window: a clear retires it before reading tail (see WindowEpoch#retire).
            final WindowEpoch seen = epochs.get(partition);
            final long seenFloor = seen.floor(); // written once, from PENDING: any other value is final
            final OwnedStripe stripe = seen.window.ownedStripe(owned);
            final int slot = seenFloor == WindowEpoch.PENDING ? -1 : stripe.slotOf(timestamp);
            final long position = rings[partition].offerAt(event);
            if (position < 0) {
                return position;
            }
            if (slot >= 0 && !stripe.isRetired()) { // read after the claim (see WindowEpoch#retire)
                if (position >= seenFloor) {
                    stripe.recordAt(slot, value);
                }
                return position;
            }
            recordAfterClaim(partition, position, timestamp, value, producer, owned);
            return position;
        }
        final long position = rings[partition].offerAt(event);
        if (position >= 0) {
            recordAfterClaim(partition, position, timestamp, value, producer, -1);
        }
        return position;
    }

    /**
     * Records an appended event into the window of the epoch current after its claim, unless a clear removed it.
     *
     * @return that epoch, its floor final (not pending)
     */
    WindowEpoch recordAfterClaim(int partition, long position, long timestamp, double value, int producer, int owned) {
        final WindowEpoch epoch = epochs.get(partition); // read after the claim (see clear)
        final long floor = epoch.awaitFloor(); // pending while a clear is between installing it and reading tail
        if (position >= floor) {
            if (owned >= 0) {
                epoch.window.recordOwned(timestamp, value, owned);
            } else {
                epoch.window.record(timestamp, value, producer);
            }
        } // else the clear that installed this epoch removes the event: its contribution goes with it
        return epoch;
    }

    /** The producer's window stripe; only window tracking uses it, so no lookup without it. */
    private int windowStripe() {
        return epochs == null ? 0 : ProducerIndex.current();
    }

    private int producerPartition(int producer) {
        return partitionMask >= 0 ? producer & partitionMask : producer % rings.length;
    }

    private int keyPartition(E event) {
        Object key = keySelector.apply(event);
        if (key == null) {
            throw new NullPointerException("keySelector returned null for event " + event);
        }
        return KeyRouting.partitionFor(key, rings.length);
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= rings.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, "
                    + rings.length + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // State
    // ------------------------------------------------------------------------------------------------

    /** Events retained now (exact at quiescence). */
    public long count() {
        long total = 0;
        for (PartitionRing<E> ring : rings) {
            total += ring.size();
        }
        return total;
    }

    /** Total capacity: partitions times capacity per partition. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, options.totalCapacity());
    }

    public boolean isEmpty() {
        for (PartitionRing<E> ring : rings) {
            if (ring.size() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether every partition holds its capacity. */
    public boolean isFull() {
        for (PartitionRing<E> ring : rings) {
            if (ring.size() < ring.capacity()) {
                return false;
            }
        }
        return true;
    }

    public int partitions() {
        return rings.length;
    }

    // ------------------------------------------------------------------------------------------------
    // Copies
    // ------------------------------------------------------------------------------------------------

    /**
     * A copy of every retained event: partitions in index order, each oldest first. Per partition the
     * copy is a contiguous run of appends in append order, every event fully published, none twice (G1).
     */
    public List<E> snapshot() {
        return copy(null);
    }

    public List<E> snapshot(Predicate<? super E> filter) {
        return copy(Objects.requireNonNull(filter, "filter must not be null"));
    }

    /** Events with timestamps in {@code [from, to]} (inclusive; {@code null} = unbounded). */
    public List<E> snapshot(Instant from, Instant to) {
        return query().between(from, to).toList();
    }

    public List<E> snapshot(Predicate<? super E> filter, Instant from, Instant to) {
        return query().where(Objects.requireNonNull(filter, "filter must not be null")).between(from, to).toList();
    }

    /** A copy of one partition's events, oldest first: taken once, owned by the caller. */
    public List<E> copyPartition(int partition) {
        checkPartition(partition);
        List<E> out = new ArrayList<>(rings[partition].size());
        rings[partition].copyInto(out, null);
        return Collections.unmodifiableList(out);
    }

    private List<E> copy(Predicate<? super E> filter) {
        List<E> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, count()));
        for (PartitionRing<E> ring : rings) {
            ring.copyInto(out, filter);
        }
        return Collections.unmodifiableList(out);
    }

    /** The in-place view of {@code partition} (created once, shared by every caller). */
    public PartitionView<E> view(int partition) {
        checkPartition(partition);
        return views.get(partition);
    }

    /** The in-place views of every partition, in index order (created once: calling this allocates nothing). */
    public List<PartitionView<E>> views() {
        return views;
    }

    // ------------------------------------------------------------------------------------------------
    // Scans over the retained events (every one of them, no truncation)
    // ------------------------------------------------------------------------------------------------

    /** A fluent read: filters, time bounds, one partition, limits, grouping, early stop. */
    public EventQuery<E> query() {
        return new EventQuery<>(source);
    }

    public long count(Instant from, Instant to) {
        return query().between(from, to).count();
    }

    public long count(Predicate<? super E> filter, Instant from, Instant to) {
        return query().where(filter).between(from, to).count();
    }

    public double sum(ToDoubleFunction<? super E> value, Instant from, Instant to) {
        return query().between(from, to).sum(value);
    }

    public double sum(ToDoubleFunction<? super E> value, Predicate<? super E> filter, Instant from, Instant to) {
        return query().where(filter).between(from, to).sum(value);
    }

    public OptionalDouble average(ToDoubleFunction<? super E> value, Instant from, Instant to) {
        return query().between(from, to).average(value);
    }

    public OptionalDouble average(ToDoubleFunction<? super E> value, Predicate<? super E> filter,
                                  Instant from, Instant to) {
        return query().where(filter).between(from, to).average(value);
    }

    public OptionalDouble min(ToDoubleFunction<? super E> value, Instant from, Instant to) {
        return query().between(from, to).min(value);
    }

    public OptionalDouble min(ToDoubleFunction<? super E> value, Predicate<? super E> filter,
                              Instant from, Instant to) {
        return query().where(filter).between(from, to).min(value);
    }

    public OptionalDouble max(ToDoubleFunction<? super E> value, Instant from, Instant to) {
        return query().between(from, to).max(value);
    }

    public OptionalDouble max(ToDoubleFunction<? super E> value, Predicate<? super E> filter,
                              Instant from, Instant to) {
        return query().where(filter).between(from, to).max(value);
    }

    public <A> A aggregate(Supplier<A> seed, BiFunction<A, ? super E, A> accumulator, Instant from, Instant to) {
        return query().between(from, to).aggregate(seed, accumulator);
    }

    public <A> A aggregate(Supplier<A> seed, BiFunction<A, ? super E, A> accumulator,
                           Predicate<? super E> filter, Instant from, Instant to) {
        return query().where(filter).between(from, to).aggregate(seed, accumulator);
    }

    // ------------------------------------------------------------------------------------------------
    // Time windows
    // ------------------------------------------------------------------------------------------------

    /**
     * Count, sum, min and max of every event appended with a timestamp in the buckets overlapping
     * {@code [from, to)}, evicted events included, within the tracked horizon (the window size back from
     * the newest bucket of each partition). O(buckets), independent of the number of events.
     */
    public WindowAggregate windowAggregate(Instant from, Instant to) {
        return windowAggregate(from, to, 0, partitions());
    }

    /**
     * {@link #windowAggregate(Instant, Instant)} of one partition: what an instance that holds only some
     * partitions (a shard of a Kafka-fed store) answers for each of them, to be {@linkplain WindowAggregate#merge
     * merged} with the other partitions' answers.
     *
     * @throws IndexOutOfBoundsException naming the index and the partition count
     */
    public WindowAggregate windowAggregate(int partition, Instant from, Instant to) {
        checkPartition(partition);
        return windowAggregate(from, to, partition, partition + 1);
    }

    private WindowAggregate windowAggregate(Instant from, Instant to, int firstPartition, int endPartition) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
        return windowAggregate(EventQuery.saturatedMillis(from), EventQuery.saturatedMillis(to), firstPartition,
                endPartition);
    }

    private WindowAggregate windowAggregate(long fromMillis, long toMillis, int firstPartition, int endPartition) {
        requireWindows();
        final long width = options.bucketWidth().toMillis();
        final long fromPeriod = Math.floorDiv(fromMillis, width);
        final long toPeriod = toMillis > fromMillis ? Math.floorDiv(toMillis - 1, width) : fromPeriod - 1;
        final WindowAccumulator accumulator = new WindowAccumulator();
        for (int p = firstPartition; p < endPartition; p++) {
            epochs.get(p).window.aggregate(fromPeriod, toPeriod, accumulator);
        }
        final BucketBounds bounds = bucketBounds(fromPeriod, toPeriod + 1, width);
        return new WindowAggregate(bounds.from, bounds.to, accumulator.count(), accumulator.sum(),
                accumulator.min(), accumulator.max());
    }

    /**
     * The instants of the last query's bounds: a dashboard asks for the same (or the next second's) window again
     * and again, so reusing them keeps a query down to the one object it returns. Racy on purpose (immutable).
     */
    private record BucketBounds(long fromPeriod, long toPeriod, Instant from, Instant to) {
    }

    private BucketBounds lastBounds = new BucketBounds(0, 0, Instant.EPOCH, Instant.EPOCH);

    private BucketBounds bucketBounds(long fromPeriod, long toPeriod, long width) {
        BucketBounds b = lastBounds;
        if (b.fromPeriod != fromPeriod || b.toPeriod != toPeriod) {
            b = new BucketBounds(fromPeriod, toPeriod, bucketStart(fromPeriod, width), bucketStart(toPeriod, width));
            lastBounds = b;
        }
        return b;
    }

    /** Start of bucket {@code period}, exact even where {@code period * width} overflows a long. */
    private static Instant bucketStart(long period, long widthMillis) {
        return Instant.EPOCH.plus(Duration.ofMillis(widthMillis).multipliedBy(period));
    }

    /**
     * {@link #windowAggregate(Instant, Instant)} over the last {@code last}, up to now (the store's clock):
     * {@code [now - last, now + 1 ms)}.
     */
    public WindowAggregate windowAggregate(Duration last) {
        Objects.requireNonNull(last, "last must not be null");
        if (last.isNegative()) {
            throw new IllegalArgumentException("last must not be negative but was " + last);
        }
        final long now = options.clock().millis(); // instant() would allocate with the system clock
        // now - last, rounded down to the millisecond (as Instant.toEpochMilli would), saturated
        long lastMillis;
        try {
            lastMillis = Math.addExact(last.toMillis(), last.getNano() % 1_000_000 != 0 ? 1 : 0);
        } catch (ArithmeticException tooLong) {
            lastMillis = Long.MAX_VALUE;
        }
        final long from = now - lastMillis > now ? Long.MIN_VALUE : now - lastMillis;
        return windowAggregate(from, now == Long.MAX_VALUE ? now : now + 1, 0, partitions());
    }

    private void requireWindows() {
        if (!options.windowTracking()) {
            throw new IllegalStateException(WINDOW_TRACKING_DISABLED);
        }
        if (epochs == null && feedTimestamps) {
            throw new IllegalStateException("windowAggregate needs a valueSelector (store '" + externalFeed.storeName()
                    + "' takes each event's timestamp from its feed); configure it with withValueSelector");
        }
        if (epochs == null) {
            throw new IllegalStateException("windowAggregate needs a timestampSelector and a valueSelector; "
                    + "configure both with withTimestampSelector and withValueSelector");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Maintenance
    // ------------------------------------------------------------------------------------------------

    /**
     * Empties every partition and every time bucket. Safe while producers append: an append racing the
     * clear is either kept whole or removed whole, and no discard callback fires for cleared events.
     */
    public void clear() {
        long removed = 0;
        for (int p = 0; p < rings.length; p++) {
            long fromPartition = emptyPartition(p);
            removed += fromPartition;
            notifyRemoved(p, fromPartition);
        }
        cleared.addAndGet(removed);
    }

    /**
     * {@link #clear()} for one partition: empties it and its time buckets with the same guarantees (an append
     * racing it is kept whole or removed whole, no discard callback), and tells every {@link MaintenanceListener},
     * so that a snapshotter durably fences off the partition's older snapshots before this returns.
     *
     * @return how many events were removed
     */
    public long clearPartition(int partition) {
        checkPartition(partition);
        long removed = emptyPartition(partition);
        notifyRemoved(partition, removed);
        cleared.addAndGet(removed);
        return removed;
    }

    /** {@link PartitionFeed#release}: empties the partition; listeners hear {@link MaintenanceListener#released}. */
    long releasePartition(int partition) {
        checkPartition(partition);
        long removed = emptyPartition(partition);
        if (removed > 0) {
            for (MaintenanceListener listener : maintenanceListeners) {
                listener.released(partition, removed);
            }
        }
        cleared.addAndGet(removed);
        return removed;
    }

    private long emptyPartition(int partition) {
        // The ring's maintenance installs the new epoch and its floor (see PartitionRing.clear).
        return rings[partition].clear(epochs, partition, this::newWindow, retired -> {
            lateCarry.addAndGet(partition, retired.late());
            advanceCarry.addAndGet(partition, retired.advances());
        });
    }

    /** Same as {@link #clear()}. */
    public void reset() {
        clear();
    }

    /**
     * Removes exactly the retained events with a timestamp before {@code olderThan}, keeping the order and
     * partition of the rest, and drops the buckets that end at or before it. Appends racing the purge are
     * never lost; no discard callback fires.
     *
     * @return how many events were removed
     */
    public long purge(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan must not be null");
        if (timestampSelector == null) {
            throw feedTimestamps ? feedTimestampsOnly("purge") : new IllegalStateException(NO_TIMESTAMP_SELECTOR_FOR_PURGE);
        }
        final long cutoff = EventQuery.saturatedMillis(olderThan);
        final ToLongFunction<? super E> timestamps = timestampSelector;
        long removed = 0;
        for (int p = 0; p < rings.length; p++) {
            long fromPartition = rings[p].removeIf(e -> timestamps.applyAsLong(e) < cutoff);
            removed += fromPartition;
            notifyRemoved(p, fromPartition);
        }
        if (epochs != null) {
            for (int p = 0; p < epochs.length(); p++) {
                epochs.get(p).window.dropOlderThan(cutoff);
            }
        }
        purged.addAndGet(removed);
        return removed;
    }

    private void notifyRemoved(int partition, long removed) {
        if (removed > 0) {
            for (MaintenanceListener listener : maintenanceListeners) {
                listener.removed(partition, removed);
            }
        }
    }

    private void notifyRestored(int partition, int restored) {
        if (restored > 0) {
            for (MaintenanceListener listener : maintenanceListeners) {
                listener.restored(partition, restored);
            }
        }
    }

    /** Registers a maintenance listener; reached through {@link StoreInternals#addMaintenanceListener}. */
    void addMaintenanceListener(MaintenanceListener listener) {
        maintenanceListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    void removeMaintenanceListener(MaintenanceListener listener) {
        maintenanceListeners.remove(listener);
    }

    /** Reached through {@link StoreInternals#of} only: the store's public API never returns it. */
    StoreInternals<E> internals() {
        return internals;
    }

    /** The ring of {@code partition}, range-checked. */
    PartitionRing<E> ring(int partition) {
        checkPartition(partition);
        return rings[partition];
    }

    // ------------------------------------------------------------------------------------------------
    // Persistence support
    // ------------------------------------------------------------------------------------------------

    /** The durable sequence of the newest append claimed in {@code partition}, -1 before the first. */
    public long lastSequence(int partition) {
        checkPartition(partition);
        return rings[partition].nextSequence() - 1;
    }

    /** Events retained in {@code partition} now. */
    public int partitionSize(int partition) {
        checkPartition(partition);
        return rings[partition].size();
    }

    /**
     * Puts back events read from a snapshot of {@code partition}, oldest first; the partition's sequences
     * continue after {@code lastSequence}. Restored events feed the time buckets and are counted as
     * restored, not appended. Never evicts events appended before the call: on a partition that already
     * holds events, only the newest restored events that fit are put back. When something was restored,
     * every {@link MaintenanceListener} hears about it ({@link MaintenanceListener#restored}) before this
     * returns.
     *
     * @return how many events were restored
     */
    public int restorePartition(int partition, List<? extends E> events, long lastSequence) {
        return restorePartition(partition, events, lastSequence, java.util.OptionalLong.empty());
    }

    /**
     * {@link #restorePartition(int, List, long)} that also records {@code sourcePosition} as the source position of
     * the newest restored event (on an externally fed store; ignored otherwise), so that a snapshot taken before the
     * feed appends anything carries it again. Restore an externally fed partition before feeding it, on its
     * feeding thread.
     *
     * @throws IllegalStateException if the store takes each event's timestamp from its feed and {@code events} is not
     *                               empty: restore with the timestamps, {@link #restorePartition(int, List, long,
     *                               java.util.OptionalLong, long[])}
     */
    public int restorePartition(int partition, List<? extends E> events, long lastSequence,
                                java.util.OptionalLong sourcePosition) {
        checkPartition(partition);
        Objects.requireNonNull(events, "events must not be null");
        if (feedTimestamps && !events.isEmpty()) {
            throw new IllegalStateException("Store '" + externalFeed.storeName() + "' takes each event's timestamp "
                    + "from its feed, and these " + events.size() + " restored events come without timestamps: restore "
                    + "with restorePartition(partition, events, lastSequence, sourcePosition, timestamps)");
        }
        return restore(partition, events, lastSequence, sourcePosition, null);
    }

    /**
     * {@link #restorePartition(int, List, long, java.util.OptionalLong)} for a store that takes each event's timestamp from its
     * feed (externally fed, no timestamp selector): {@code timestampsMillis[i]} is the timestamp of
     * {@code events.get(i)}, as the feed gave it. They are recorded with the restored events (a snapshot taken later
     * carries them again) and rebuild the time window. The array is read, not kept.
     *
     * @throws IllegalStateException    if the store has a timestamp selector (it decides the timestamps)
     * @throws IllegalArgumentException if the array's length is not the number of events or a timestamp is negative
     */
    public int restorePartition(int partition, List<? extends E> events, long lastSequence,
                                java.util.OptionalLong sourcePosition, long[] timestampsMillis) {
        checkPartition(partition);
        Objects.requireNonNull(events, "events must not be null");
        Objects.requireNonNull(timestampsMillis, "timestampsMillis must not be null");
        if (!feedTimestamps) {
            throw new IllegalStateException("Store '" + (externalFeed == null ? "" : externalFeed.storeName())
                    + "' does not take its timestamps from a feed (" + (externalFeed == null ? "not externally fed"
                    : "it has a timestampSelector") + "): restore with restorePartition(partition, events, "
                    + "lastSequence, sourcePosition)");
        }
        if (timestampsMillis.length != events.size()) {
            throw new IllegalArgumentException("timestampsMillis must hold one timestamp per event: " + events.size()
                    + " events but " + timestampsMillis.length + " timestamps");
        }
        for (int i = 0; i < timestampsMillis.length; i++) {
            if (timestampsMillis[i] < 0) {
                throw new IllegalArgumentException("timestampsMillis[" + i + "] must be >= 0 but was "
                        + timestampsMillis[i]);
            }
        }
        return restore(partition, events, lastSequence, sourcePosition, timestampsMillis);
    }

    private int restore(int partition, List<? extends E> events, long lastSequence,
                        java.util.OptionalLong sourcePosition, long[] timestamps) {
        Objects.requireNonNull(sourcePosition, "sourcePosition must not be null");
        for (E event : events) {
            Objects.requireNonNull(event, "restored events must not be null");
        }
        final PartitionRing<E> ring = rings[partition];
        final int restored = timestamps == null ? ring.restore(events, lastSequence)
                : ring.restore(events, lastSequence, eventTimestamps[partition], timestamps);
        if (restored > 0 && sourcePositions != null && sourcePosition.isPresent()) {
            // no appends race this (see above): the newest restored event holds the newest sequence
            sourcePositions[partition].record(ring.nextSequence() - 1, sourcePosition.getAsLong());
        }
        if (epochs != null) {
            BucketWindow window = epochs.get(partition).window;
            for (int i = events.size() - restored; i < events.size(); i++) {
                E event = events.get(i);
                long timestamp = timestamps != null ? timestamps[i] : timestampSelector.applyAsLong(event);
                window.record(timestamp, valueSelector.applyAsDouble(event), 0);
            }
        }
        notifyRestored(partition, restored);
        return restored;
    }

    // ------------------------------------------------------------------------------------------------
    // Statistics
    // ------------------------------------------------------------------------------------------------

    public EventStoreStatistics statistics() {
        List<PartitionStatistics> parts = new ArrayList<>(rings.length);
        long appended = 0;
        long discarded = 0;
        long rejected = 0;
        long late = 0;
        long advances = 0;
        long count = 0;
        for (int p = 0; p < rings.length; p++) {
            PartitionRing<E> ring = rings[p];
            long partitionLate = epochs == null ? 0 : lateCarry.get(p) + epochs.get(p).window.late();
            PartitionStatistics stats = new PartitionStatistics(p, ring.capacity(), ring.size(), ring.appended(),
                    ring.discarded(), ring.rejected(), ring.removed(), partitionLate);
            parts.add(stats);
            appended += stats.appended();
            discarded += stats.discarded();
            rejected += stats.rejected();
            late += partitionLate;
            advances += epochs == null ? 0 : advanceCarry.get(p) + epochs.get(p).window.advances();
            count += stats.count();
        }
        long restored = 0;
        for (PartitionRing<E> ring : rings) {
            restored += ring.restored();
        }
        AppendRateSampler.Reading reading = rateSampler.sample(appended);
        return new EventStoreStatistics(appended, discarded, rejected, purged.get(), cleared.get(), late,
                callbackFailures.count(), restored, count, capacity(), reading.perSecond(), reading.lastAppend(),
                advances, parts);
    }

    @Override
    public String toString() {
        return "EventStore[partitions=" + rings.length + ", capacityPerPartition=" + options.capacityPerPartition()
                + ", count=" + count() + "]";
    }

    private final class Source implements EventSource<E> {

        @Override
        public int partitions() {
            return rings.length;
        }

        @Override
        public boolean visit(int partition, Predicate<? super E> visitor) {
            return rings[partition].visit(visitor);
        }

        @Override
        public void copy(int partition, List<? super E> into, Predicate<? super E> filter) {
            rings[partition].copyInto(into, filter);
        }

        @Override
        public ToLongFunction<? super E> timestampsFor(boolean bounded) {
            if (!bounded) {
                return timestampSelector;
            }
            if (!options.windowTracking()) {
                throw new IllegalStateException(WINDOW_TRACKING_DISABLED);
            }
            if (timestampSelector == null) {
                throw feedTimestamps ? feedTimestampsOnly("A read by time") : new IllegalStateException(NO_TIMESTAMP_SELECTOR);
            }
            return timestampSelector;
        }
    }
}
