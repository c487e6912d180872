package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MaintenanceListener;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.StreamNames;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Named streams of events with per-stream versions, conditional appends and idempotent appends, over an
 * {@link EventStore} of {@link StreamRecord}s: every stream event is also appended to that store, routed by
 * stream name (one stream lives in one partition), so the store's windows, statistics, queries and
 * snapshots cover the streams.
 *
 * <pre>{@code
 * EventStreams<String> streams = EventStreams.<String>builder().capacityPerPartition(10_000).build();
 * long v = streams.append("orders", "created");                                  // 0
 * streams.append("orders", "paid", ExpectedVersion.exactly(v));                  // 1, or WrongExpectedVersionException
 * AppendResult r = streams.append("orders", "shipped", ExpectedVersion.ANY, "req-42"); // a retry returns r again
 * StreamSlice<String> slice = streams.read("orders", 0, 100);
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>Versions of a stream are 0, 1, 2, ... without gaps or duplicates, assigned at the append's
 *     linearisation point (one CAS on the version's slot, which also publishes the event).</li>
 * <li>Reads are gap-free and in version order, the same order for every reader: a reader that sees version
 *     {@code n + 1} has seen {@code n} (unless {@code n} was evicted, in which case the slice starts after it).
 *     A version is readable as soon as it is assigned, before {@code append} returns.</li>
 * <li>A conditional append succeeds exactly when the stream's current version satisfies its
 *     {@link ExpectedVersion} at the linearisation point, and then appends exactly one version.</li>
 * <li>An idempotent append whose key the stream remembers (see {@link EventStreamsOptions} for the horizon)
 *     stores nothing and returns the original version, also when the retries race the original: exactly one
 *     of them stores, the others get its version. If the one that stores fails (wrong expected version), the
 *     key is released and the others try for themselves. The original version is returned even if the store
 *     has evicted it since.</li>
 * </ul>
 *
 * <h2>Progress</h2>
 * <ul>
 * <li>{@code append} without a key is lock-free: a retry of its CAS happens only because another append to
 *     the same stream succeeded. Creating a stream (its first append) goes through
 *     {@link ConcurrentHashMap#computeIfAbsent}, which may briefly block appends creating another stream in
 *     the same hash bin. The record is then appended to the backing store, whose append never blocks except
 *     to wait for a producer one full lap behind in the same partition.</li>
 * <li>{@code append} with a key is lock-free with respect to every other append, except concurrent appends
 *     with the same key to the same stream: those wait for the first one to claim its version or fail (a few
 *     instructions, unless its thread is descheduled).</li>
 * <li>Reclaiming a stream at the limit examines at most {@value #RECLAIM_ATTEMPTS} candidates, each in
 *     O(1).</li>
 * <li>{@code read}, {@code currentVersion}, {@code exists} never wait for another thread: a stalled appender
 *     cannot delay them, because an assigned version is already published. They are lock-free: their walk
 *     over the slots stops at {@code maxCount} or at the first free slot, so only appends that keep landing
 *     just ahead of it could prolong it.</li>
 * </ul>
 *
 * <h2>Retention and bounds</h2>
 * <ul>
 * <li>A stream keeps a gap-free suffix of its versions: when the store evicts version {@code n} (it keeps a
 *     fixed number of events per partition) or a clear/purge removes it, the stream forgets {@code n} and every
 *     older version; reads then start at the oldest retained version ({@link StreamSlice#oldestVersion()},
 *     {@link StreamSlice#missedVersions()}). Because two concurrent appends to one stream may reach the store
 *     in the opposite order of their versions, the stream may forget a version slightly before the store
 *     evicts it, never after.</li>
 * <li>With a store created by {@link #builder()}, evictions are tracked exactly (the store's
 *     {@code onDiscarded}), and so they are over a store whose {@code onDiscarded} is an {@link EvictionFeed}
 *     ({@link #over(EventStore, EventStreamsOptions, EvictionFeed)}). With plain {@link #over(EventStore)} the
 *     store's callbacks are fixed already, so a stream is bounded by its partition's capacity instead: it keeps
 *     at most {@code capacityPerPartition} versions, which may include versions the store has evicted for other
 *     streams' events.</li>
 * <li>Memory per stream: the retained records (shared with the store), one slot per retained version plus
 *     at most two partly used segments of up to {@value LogSegment#MAX_LENGTH} slots (the oldest, partly
 *     evicted, and the newest, partly filled), and at most {@code dedupeKeysPerStream} keys. At most
 *     {@code maxStreams} streams exist at a time ({@link StreamLimitExceededException}); forgotten streams
 *     (below) free their slots.</li>
 * <li>{@code clear()} and {@code purge()} of the store remove versions from the streams as they remove
 *     records (checked by a scan of the partition, after the maintenance returns). An append whose record is
 *     still on its way to the store while a clear/purge of its partition runs may be dropped from the stream
 *     even if the store keeps it; it is never read out of order.</li>
 * </ul>
 *
 * <h2>Forgetting streams</h2>
 * A stream is <em>forgotten</em> in two cases; it then no longer exists: {@link #exists} is false,
 * {@link #currentVersion} is -1, its remembered idempotency keys are gone (a retry is stored again), its next
 * append creates it afresh at version 0 (an append expecting an older version fails with current version -1),
 * and it no longer counts towards {@code maxStreams}.
 * <ul>
 * <li><b>Clear/purge</b>: a {@code clear()} or {@code purge()} that removes events from a partition forgets
 *     every stream of that partition it leaves without a retained event, when the store holds none of its
 *     records and no append to it was in progress during the scan (such a stream simply continues, as before).
 *     A clear is an admin reset: it forgets (nearly) every stream.</li>
 * <li><b>Under pressure</b>: when a new stream would exceed {@code maxStreams}, a stream with no retained
 *     event, all of whose records the store has evicted, is reclaimed instead (with tracked evictions only:
 *     {@link #builder()} or an {@link EvictionFeed}). Candidates are queued when the store evicts a stream's last
 *     retained event, and a creation at the limit examines at most a few of them (O(1), no scan); a candidate
 *     qualifies once no append to it is in progress, the partition has moved a full lap (its capacity) past the
 *     stream's newest record, and no clear/purge of the partition is being reconciled. Without a qualifying
 *     candidate the creation fails with {@link StreamLimitExceededException} as before. Choose
 *     {@code maxStreams} above the streams that hold events at once if appends to old, evicted streams must
 *     continue their versions.</li>
 * </ul>
 * Forgetting is linearisable with appends: it puts a seal into the stream's first free version slot with one
 * CAS, the only way that slot can be taken besides an append claiming it. An append racing it either claimed
 * its version before (and belongs to the forgotten stream, whose events were all gone when it was sealed) or
 * finds the seal, claims nothing there and creates the fresh stream; an acknowledged version is never lost
 * while its record stays in the store, and each stream holds one slot of the limit. Forgetting never leaves a
 * record of the old stream in the store, so a restart cannot confuse old and new versions.
 *
 * <h2>Restart</h2>
 * Persist the backing store with a {@link dev.lockfree.eventstore.snapshot.Snapshotter} and
 * {@link StreamRecordCodec}. When the store is restored ({@code EventStore.restorePartition}, which the
 * snapshotter's {@code restore()} calls), this object indexes the restored records, whether the restore ran
 * before it was created or after: versions continue after the newest restored one and restored keys are
 * remembered again. Restore before the first append: a stream that already has versions here ignores its
 * restored records (they would collide with the new versions), as it does records found in a partition its
 * name does not route to (a warning is logged; such records stay in the store, so a later restart may pick
 * either of two records with the same version). A stream none of whose records is in the snapshot (all
 * evicted, or removed before the snapshot) is unknown after the restart: its versions start again at 0.
 *
 * <p>One {@code EventStreams} per store: records must reach the store only through it (two views over one
 * store would assign colliding versions).
 *
 * @param <E> the event type
 */
public final class EventStreams<E> implements AutoCloseable {

    /** Upper bound of {@code maxCount} in {@link #read}. */
    public static final int MAX_READ_COUNT = 100_000;
    /** Upper bound of {@code limit} in {@link #streamNames}. */
    public static final int MAX_LIST_LIMIT = 10_000;
    /** Candidates a creation at the limit examines at most before giving up. */
    private static final int RECLAIM_ATTEMPTS = 8;

    private static final System.Logger LOG = System.getLogger(EventStreams.class.getName());

    private final EventStore<StreamRecord<E>> store;
    private final StoreInternals<StreamRecord<E>> internals;
    private final EventStreamsOptions options;
    private final Clock clock;
    /** Whether the store reports evictions to {@link #evicted}; otherwise streams are bounded by capacity. */
    private final boolean evictionsTracked;
    private final int capacityPerPartition;
    private final ConcurrentHashMap<String, StreamLog<E>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger streamCount = new AtomicInteger();
    private final AtomicLong forgotten = new AtomicLong();
    /** Streams that had no retained event when queued: the victims of a reclaim under pressure. */
    private final ConcurrentLinkedQueue<StreamLog<E>> candidates = new ConcurrentLinkedQueue<>();
    /** Per partition: the store's removal passes whose moved records every log's lastPosition covers. */
    private final AtomicLongArray reconciledRemovals;
    private final MaintenanceListener maintenanceListener = new MaintenanceListener() {
        @Override
        public void removed(int partition, long removed) {
            reconcile(partition);
        }

        @Override
        public void restored(int partition, int restored) {
            index(partition);
        }
    };

    EventStreams(EventStore<StreamRecord<E>> store, EventStreamsOptions options, boolean evictionsTracked) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.internals = StoreInternals.of(store);
        this.options = Objects.requireNonNull(options, "options must not be null");
        if (store.options().overflowPolicy() != OverflowPolicy.EVICT_OLDEST) {
            throw new IllegalArgumentException("EventStreams needs a store with overflowPolicy EVICT_OLDEST, but it has "
                    + store.options().overflowPolicy() + ": a rejected record would leave an assigned version out of "
                    + "the store");
        }
        this.clock = store.options().clock();
        this.evictionsTracked = evictionsTracked;
        this.capacityPerPartition = store.options().capacityPerPartition();
        this.reconciledRemovals = new AtomicLongArray(store.partitions());
        for (int p = 0; p < store.partitions(); p++) {
            reconciledRemovals.set(p, internals.removals(p)); // before listening: earlier passes moved nothing of ours
        }
        // Listen first, then index what the store already holds: a restore in between is indexed either way.
        internals.addMaintenanceListener(maintenanceListener);
        for (int p = 0; p < store.partitions(); p++) {
            index(p);
        }
    }

    /** A builder that creates the backing store too (evictions tracked exactly). */
    public static <E> EventStreamsBuilder<E> builder() {
        return new EventStreamsBuilder<>();
    }

    /**
     * Streams over an existing store, with the default options. The store must use
     * {@link OverflowPolicy#EVICT_OLDEST}; its current content (e.g. restored snapshots) is indexed now.
     * Streams are then bounded by the partition capacity rather than by tracked evictions (see the class
     * documentation); prefer {@link #builder()} when you can let it create the store.
     */
    public static <E> EventStreams<E> over(EventStore<StreamRecord<E>> store) {
        return over(store, EventStreamsOptions.defaults());
    }

    public static <E> EventStreams<E> over(EventStore<StreamRecord<E>> store, EventStreamsOptions options) {
        return new EventStreams<>(store, options, false);
    }

    /**
     * Streams over an existing store whose {@code onDiscarded} is {@code evictions} (or composes it): evictions
     * are then tracked exactly, as with {@link #builder()}. The store must route by stream name
     * ({@link StreamRecord#stream()} as key) and use {@link OverflowPolicy#EVICT_OLDEST}.
     *
     * @throws IllegalStateException if {@code evictions} already feeds other streams
     */
    public static <E> EventStreams<E> over(EventStore<StreamRecord<E>> store, EventStreamsOptions options,
                                           EvictionFeed<E> evictions) {
        Objects.requireNonNull(evictions, "evictions must not be null");
        EventStreams<E> streams = new EventStreams<>(store, options, true);
        evictions.bind(streams);
        return streams;
    }

    /** The backing store: windows, statistics and snapshots of the stream records. */
    public EventStore<StreamRecord<E>> store() {
        return store;
    }

    public EventStreamsOptions options() {
        return options;
    }

    // ------------------------------------------------------------------------------------------------
    // Appends
    // ------------------------------------------------------------------------------------------------

    /**
     * Appends {@code event} to {@code stream} (created if needed) and returns its version.
     *
     * @throws IllegalArgumentException     for an invalid stream name ({@link StreamNames})
     * @throws StreamLimitExceededException when the stream would be one too many and no stream without retained
     *                                      events could be reclaimed in its place (see "Forgetting streams")
     */
    public long append(String stream, E event) {
        return append(stream, event, ExpectedVersion.ANY);
    }

    /**
     * Appends {@code event} if the stream's current version satisfies {@code expected}; returns its version.
     * A stream is created only by {@link ExpectedVersion#ANY} or {@link ExpectedVersion#NO_STREAM}.
     *
     * @throws WrongExpectedVersionException when it does not; nothing is appended
     */
    public long append(String stream, E event, ExpectedVersion expected) {
        StreamNames.validate(stream);
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(expected, "expected version must not be null");
        for (;;) {
            StreamLog<E> log = logFor(stream, expected);
            StreamRecord<E> record = appendAndStore(log, event, expected, null);
            if (record != null) {
                return record.version();
            }
            unlink(log); // the stream was forgotten under us: nothing appended, go to a fresh one
        }
    }

    /** Appends to {@code log} and stores the record, counted in {@code pending}; null if the log is sealed. */
    private StreamRecord<E> appendAndStore(StreamLog<E> log, E event, ExpectedVersion expected, String key) {
        log.enter();
        try {
            StreamRecord<E> record = log.append(event, expected, key, clock);
            if (record != null) {
                store(log, record);
            }
            return record;
        } finally {
            log.exit();
        }
    }

    /**
     * Appends {@code event} unless {@code stream} remembers {@code idempotencyKey}, in which case nothing is
     * stored and the version of the original append is returned with {@code duplicate() == true} (whatever
     * {@code expected} and {@code event} are now: a retry is recognised by its key alone).
     *
     * @throws IllegalArgumentException      for an invalid stream name or key ({@link IdempotencyKeys})
     * @throws WrongExpectedVersionException when the key is new and the expected version does not match
     */
    public AppendResult append(String stream, E event, ExpectedVersion expected, String idempotencyKey) {
        StreamNames.validate(stream);
        IdempotencyKeys.validate(idempotencyKey);
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(expected, "expected version must not be null");
        for (;;) {
            StreamLog<E> log = logFor(stream, expected);
            AppendResult result = appendKeyed(log, event, expected, idempotencyKey);
            if (result != null) {
                return result;
            }
            unlink(log); // the stream was forgotten under us (with its keys): go to a fresh one
        }
    }

    /** The keyed append on {@code log}; null if the log is sealed (nothing appended). */
    private AppendResult appendKeyed(StreamLog<E> log, E event, ExpectedVersion expected, String idempotencyKey) {
        if (options.dedupeKeysPerStream() == 0) {
            StreamRecord<E> record = appendAndStore(log, event, expected, idempotencyKey);
            return record == null ? null : new AppendResult(record.version(), false);
        }
        DedupeWindow keys = log.keys(options);
        DedupeWindow.Entry entry = keys.reserve(idempotencyKey, clock.millis());
        if (!entry.isPending()) {
            // Not sealed after the key was found: the key was found before the stream was forgotten (if ever).
            return log.isSealed() ? null : new AppendResult(entry.version(), true);
        }
        log.enter();
        try {
            StreamRecord<E> record;
            try {
                record = log.append(event, expected, idempotencyKey, clock);
            } catch (RuntimeException | Error e) {
                keys.abandon(entry);
                throw e;
            }
            if (record == null) {
                keys.abandon(entry);
                return null;
            }
            keys.resolve(entry, record.version(), record.timestamp()); // before the store append: waiters go now
            store(log, record);
            return new AppendResult(record.version(), false);
        } finally {
            log.exit();
        }
    }

    /**
     * The log of {@code stream}, created if needed (a sealed log is returned too: its appends find out). At the
     * limit, reclaims a stream with no retained event first (see the class documentation).
     */
    private StreamLog<E> logFor(String stream, ExpectedVersion expected) {
        for (;;) {
            StreamLog<E> log = streams.get(stream);
            if (log != null) {
                return log;
            }
            if (!expected.matches(-1)) {
                throw new WrongExpectedVersionException(stream, expected, -1); // do not create a stream to refuse it
            }
            log = streams.computeIfAbsent(stream, this::newLog);
            if (log != null) {
                return log;
            }
            // At the limit. Retry after each reclaimed slot: a retry means some creation (ours or another) won.
            if (!reclaimOne()) {
                throw new StreamLimitExceededException(stream, options.maxStreams());
            }
        }
    }

    /** A new log if the limit allows (null otherwise: computeIfAbsent then maps nothing). */
    private StreamLog<E> newLog(String name) {
        if (streamCount.incrementAndGet() > options.maxStreams()) {
            streamCount.decrementAndGet();
            return null;
        }
        return new StreamLog<>(name, store.partitionFor(name));
    }

    /**
     * Removes a sealed log from the map; exactly one caller per log succeeds, and it frees the slot. Under the
     * map's bin lock, so that a creation of the same name (computeIfAbsent) sees the slot freed.
     */
    private boolean unlink(StreamLog<E> log) {
        boolean[] removed = new boolean[1];
        streams.computeIfPresent(log.name, (name, current) -> {
            if (current != log) {
                return current;
            }
            streamCount.decrementAndGet();
            forgotten.incrementAndGet();
            removed[0] = true;
            return null;
        });
        return removed[0];
    }

    private void store(StreamLog<E> log, StreamRecord<E> record) {
        store.tryAppend(record, log.partition); // EVICT_OLDEST: always accepted
        log.raisePosition(store.lastSequence(log.partition)); // at least the record's position
        if (!evictionsTracked && record.version() >= capacityPerPartition) {
            // untracked evictions: the partition cannot hold more than its capacity of this stream's records
            log.evictThrough(record.version() - capacityPerPartition);
        }
    }

    /** The store evicted {@code record}: the stream forgets it and every older version. */
    void evicted(StreamRecord<E> record) {
        StreamLog<E> log = streams.get(record.stream());
        // Identity: only the record this stream holds at that version (not one ignored on restore).
        if (log != null && log.slot(record.version()) == record) {
            log.evictThrough(record.version());
            if (log.oldest() >= log.end()) {
                offerCandidate(log); // its last retained event is gone: it may be reclaimed under pressure
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Forgetting streams: after clear/purge, and under pressure
    // ------------------------------------------------------------------------------------------------

    private void offerCandidate(StreamLog<E> log) {
        if (log.markQueued()) {
            candidates.offer(log);
        }
    }

    /**
     * Tries a few reclaim candidates (streams that had no retained event when queued); true if a slot may have
     * been freed (the caller retries its creation). O(1) per attempt, at most {@value #RECLAIM_ATTEMPTS}.
     */
    private boolean reclaimOne() {
        for (int attempt = 0; attempt < RECLAIM_ATTEMPTS; attempt++) {
            StreamLog<E> log = candidates.poll();
            if (log == null) {
                return false;
            }
            switch (tryReclaim(log)) {
                case RECLAIMED:
                    return true;
                case NOT_YET:
                    candidates.offer(log); // still queued; judged again later
                    break;
                default: // gone, or holds events again: out of the queue until it is emptied again
                    log.unmarkQueued();
                    if (streams.get(log.name) == log && log.scanEnd() >= 0 && log.oldest() >= log.end()) {
                        offerCandidate(log); // emptied again after the check: do not lose it
                    }
                    break;
            }
        }
        return false;
    }

    private enum Reclaim { RECLAIMED, NOT_YET, NOT_EMPTY, GONE }

    /**
     * Forgets {@code log} if it holds no version and no record of it can still be in the store: no append in
     * progress, the partition has moved a full lap past its newest record's position, and no clear/purge of
     * the partition is still being reconciled (it may have moved records to newer positions).
     */
    private Reclaim tryReclaim(StreamLog<E> log) {
        if (streams.get(log.name) != log) {
            return Reclaim.GONE;
        }
        final long end = log.scanEnd();
        if (end < 0) {
            return unlink(log) ? Reclaim.RECLAIMED : Reclaim.GONE; // sealed by a clear: help unlink it
        }
        if (log.oldest() < end) {
            return Reclaim.NOT_EMPTY;
        }
        // pending read after the end: every append that claimed below `end` has stored its record and raised
        // lastPosition (read below) already
        if (log.pending() != 0) {
            return Reclaim.NOT_YET;
        }
        final int p = log.partition;
        final long removals = internals.removals(p);
        if (removals != reconciledRemovals.get(p)
                || store.lastSequence(p) - capacityPerPartition < log.lastPosition()) {
            return Reclaim.NOT_YET;
        }
        if (!log.seal(end)) {
            return Reclaim.NOT_EMPTY; // an append claimed `end` first
        }
        unlink(log); // or an appender that met the seal did: the slot is free either way
        return Reclaim.RECLAIMED;
    }

    // ------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------

    /**
     * Up to {@code maxCount} consecutive events of {@code stream} from {@code fromVersion}, in version order,
     * gap-free. Versions older than the oldest retained one are skipped (see
     * {@link StreamSlice#missedVersions()}); an unknown stream gives an empty slice with {@code lastVersion -1}.
     *
     * @param fromVersion {@code >= 0}
     * @param maxCount    1 to {@value #MAX_READ_COUNT}
     */
    public StreamSlice<E> read(String stream, long fromVersion, int maxCount) {
        StreamNames.validate(stream);
        if (fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion must be >= 0 but was " + fromVersion);
        }
        if (maxCount < 1 || maxCount > MAX_READ_COUNT) {
            throw new IllegalArgumentException("maxCount must be between 1 and " + MAX_READ_COUNT + " but was "
                    + maxCount);
        }
        StreamLog<E> log = streams.get(stream);
        if (log == null) {
            return new StreamSlice<>(stream, fromVersion, List.of(), -1, -1, fromVersion);
        }
        StreamSlice<E> slice = log.read(fromVersion, maxCount);
        if (slice.events().isEmpty() && log.isSealed()) { // forgotten (it held no event when sealed)
            return new StreamSlice<>(stream, fromVersion, List.of(), -1, -1, fromVersion);
        }
        return slice;
    }

    /** The stream's newest version, -1 if it has none (also when unknown or forgotten). */
    public long currentVersion(String stream) {
        StreamNames.validate(stream);
        StreamLog<E> log = streams.get(stream);
        if (log == null) {
            return -1;
        }
        long end = log.scanEnd();
        return end < 0 ? -1 : end - 1;
    }

    /**
     * Whether {@code stream} has versions: one was assigned (in this process or before a restore) and the
     * stream was not forgotten since (see the class documentation).
     */
    public boolean exists(String stream) {
        return currentVersion(stream) >= 0;
    }

    /** How many streams exist (including streams created but whose first append failed). */
    public int streamCount() {
        return streamCount.get();
    }

    /** How many streams were forgotten since creation (by a clear/purge, or reclaimed under pressure). */
    public long forgottenStreams() {
        return forgotten.get();
    }

    /**
     * Stream names in lexicographic order: those starting with {@code prefix} (null: all) and after
     * {@code after} (exclusive; null: from the start), at most {@code limit}. Page with the last name as
     * {@code after}. Weakly consistent with concurrent creations. O(streams * log(limit)).
     *
     * @param limit 1 to {@value #MAX_LIST_LIMIT}
     */
    public List<String> streamNames(String prefix, String after, int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST_LIMIT + " but was " + limit);
        }
        PriorityQueue<String> smallest = new PriorityQueue<>(Math.min(limit, 64) + 1, Comparator.reverseOrder());
        for (String name : streams.keySet()) {
            if ((prefix != null && !name.startsWith(prefix)) || (after != null && name.compareTo(after) <= 0)) {
                continue;
            }
            if (smallest.size() < limit) {
                smallest.add(name);
            } else if (name.compareTo(smallest.peek()) < 0) {
                smallest.poll();
                smallest.add(name);
            }
        }
        List<String> names = new ArrayList<>(smallest);
        Collections.sort(names);
        return names;
    }

    /** Idempotency keys {@code stream} remembers now (at quiescence at most {@code dedupeKeysPerStream}). */
    public int rememberedKeys(String stream) {
        StreamNames.validate(stream);
        StreamLog<E> log = streams.get(stream);
        DedupeWindow keys = log == null ? null : log.keysIfAny();
        return keys == null || log.isSealed() ? 0 : keys.size();
    }

    // ------------------------------------------------------------------------------------------------
    // Following the store: maintenance and restore
    // ------------------------------------------------------------------------------------------------

    /**
     * After a clear/purge of {@code partition}: each stream routed there forgets, from the newest version it
     * held before the scan down, the first version whose record the partition no longer holds, and all older.
     */
    private void reconcile(int partition) {
        final long removals = internals.removals(partition); // the passes this reconcile covers
        List<StreamLog<E>> logs = new ArrayList<>();
        for (StreamLog<E> log : streams.values()) {
            if (log.partition == partition) {
                logs.add(log);
            }
        }
        if (logs.isEmpty()) {
            reconciledRemovals.accumulateAndGet(partition, removals, Math::max);
            return;
        }
        long[] ends = new long[logs.size()];
        boolean[] quiet = new boolean[logs.size()];
        for (int i = 0; i < ends.length; i++) {
            StreamLog<E> log = logs.get(i);
            ends[i] = log.scanEnd(); // before the scan: versions appended later are not judged
            // pending read after the end: no record of a version below the end is on its way to the store, so
            // the snapshot below holds every record of this stream that the store holds (or will ever hold)
            quiet[i] = log.pending() == 0;
        }
        List<StreamRecord<E>> held = store.copyPartition(partition);
        final long position = store.lastSequence(partition); // a removal moves records below it
        Set<Object> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(held);
        Set<String> names = new HashSet<>();
        for (StreamRecord<E> record : held) {
            names.add(record.stream());
        }
        boolean forgot = false;
        for (int i = 0; i < ends.length; i++) {
            StreamLog<E> log = logs.get(i);
            if (ends[i] < 0) {
                unlink(log); // sealed already (by a reclaim or another reconcile): help
                forgot = true;
                continue;
            }
            log.raisePosition(position);
            for (long v = ends[i] - 1; v >= log.oldest(); v--) {
                Object slot = log.slot(v);
                if (slot == LogSegment.EVICTED) {
                    break;
                }
                if (!present.contains(slot)) {
                    log.evictThrough(v);
                    break;
                }
            }
            if (log.oldest() < ends[i]) {
                continue; // still holds events
            }
            // Left without events, and the store holds none of its records: forget it (versions restart at 0,
            // keys are forgotten), unless an append claimed `ends[i]` since.
            if (quiet[i] && !names.contains(log.name) && log.seal(ends[i])) {
                unlink(log); // or an appender that met the seal did
                forgot = true;
            } else if (evictionsTracked) {
                offerCandidate(log);
            }
        }
        reconciledRemovals.accumulateAndGet(partition, removals, Math::max);
        if (forgot) {
            candidates.removeIf(log -> streams.get(log.name) != log); // forgotten ones leave the queue
        }
    }

    /** Indexes the records of {@code partition} whose streams are unknown here (a restore, or at creation). */
    private void index(int partition) {
        Map<String, List<StreamRecord<E>>> byStream = new LinkedHashMap<>();
        for (StreamRecord<E> record : store.copyPartition(partition)) {
            byStream.computeIfAbsent(record.stream(), s -> new ArrayList<>()).add(record);
        }
        int ignored = 0;
        long now = clock.millis();
        for (Map.Entry<String, List<StreamRecord<E>>> e : byStream.entrySet()) {
            String name = e.getKey();
            if (!StreamNames.isValid(name) || store.partitionFor(name) != partition || streams.containsKey(name)) {
                ignored += e.getValue().size();
                StreamLog<E> existing = streams.get(name);
                if (existing != null) {
                    existing.raisePosition(store.lastSequence(partition)); // records of its name are in the store
                }
                continue;
            }
            StreamLog<E> log = RestoredStream.build(name, partition, e.getValue(), options, now);
            log.raisePosition(store.lastSequence(partition)); // restored records sit below it
            if (streams.putIfAbsent(name, log) == null) {
                streamCount.incrementAndGet(); // restored streams always count, even beyond maxStreams
            } else {
                ignored += e.getValue().size();
            }
        }
        if (ignored > 0) {
            LOG.log(System.Logger.Level.WARNING, "EventStreams ignored {0} record(s) of partition {1}: their streams "
                    + "already had versions here (restore before appending), or their names do not route to this "
                    + "partition (restore into a store with the same partition count)", ignored, partition);
        }
    }

    /**
     * Stops following the store's clear/purge/restore (evictions of a builder-created store still reach this
     * object until the store is dropped). Streams keep working.
     */
    @Override
    public void close() {
        internals.removeMaintenanceListener(maintenanceListener);
    }

    @Override
    public String toString() {
        return "EventStreams[streams=" + streamCount.get() + ", store=" + store + "]";
    }
}
