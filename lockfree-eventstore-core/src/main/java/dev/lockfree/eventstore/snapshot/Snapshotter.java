package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MaintenanceListener;
import dev.lockfree.eventstore.StoreInternals;
import dev.lockfree.eventstore.codec.EventCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Persists the partitions of one {@link EventStore} periodically and restores them on start-up.
 *
 * <ul>
 * <li>Triggers are per partition: a changed partition is written when {@code interval} has passed since
 *     its last snapshot or {@code minEventsBetweenSnapshots} events were appended to it. A tick looks at
 *     every partition, starting from a rotating offset, so no partition starves (seed defect BUG-11, see
 *     docs/seed-parity.md).</li>
 * <li>Jobs run on at most {@code maxConcurrentSnapshotJobs} threads with a queue of
 *     {@code maxPendingSnapshotJobs}; a trigger that finds the queue full is counted as dropped and the
 *     partition, still changed, is picked up again at the next tick. A partition is never queued twice.</li>
 * <li>Capture never blocks producers and only sees fully published events (G1). A save is retried with
 *     exponential backoff and jitter, computed per job (seed defect BUG-14, see docs/seed-parity.md).</li>
 * <li>One event the codec cannot encode does not make its partition unpersistable: a {@link SnapshotStore}
 *     such as {@link FileSystemSnapshotStore} leaves it out and writes every other event; the snapshotter
 *     counts it ({@link PartitionSnapshotInfo#skippedEvents()}) and logs it at WARNING once, by sequence.</li>
 * <li>{@code clear()}/{@code purge()} on the store bump the partition's epoch and durably write an epoch
 *     marker before they return; restore ignores snapshots older than the marker, so a removed event
 *     never comes back after a restart.</li>
 * <li>Externally fed stores ({@link dev.lockfree.eventstore.PartitionFeed}): each snapshot carries the source
 *     position of its newest event ({@link PartitionSnapshot#sourcePosition()}), looked up by that event's
 *     sequence after the capture (a capture whose position was overwritten meanwhile is taken again); a
 *     partition without events is not written, so that a released partition's last snapshot stays its resume
 *     point; {@link #restorePartition(int)} restores one partition and returns the position to resume from.</li>
 * </ul>
 *
 * Lifecycle: {@link #restore()} (before producers start, typically), {@link #start()}, then
 * {@link #close()}, which stops the triggers and, when configured, writes every changed partition one
 * last time within {@code finalSnapshotTimeout}.
 */
public final class Snapshotter<E> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Snapshotter.class.getName());
    private static final long MIN_TICK_MILLIS = 50;
    /** The seed polled every 250 ms (docs/seed-parity.md, S4); a tick only compares a few counters per partition. */
    private static final long MAX_TICK_MILLIS = 250;
    private static final long NOT_PENDING = Long.MIN_VALUE;

    private final EventStore<E> store;
    private final StoreInternals<E> internals;
    private final String storeName;
    private final EventCodec<E> codec;
    private final SnapshotStore files;
    private final SnapshotOptions options;
    private final SnapshotListener listener;
    private final Clock clock;
    private final PartitionState[] partitions;
    private final MaintenanceListener maintenanceListener = new MaintenanceListener() {
        @Override
        public void removed(int partition, long removed) {
            onRemoved(partition, removed);
        }

        @Override
        public void released(int partition, long removed) {
            // the events moved to another owner: the partition's snapshots stay restorable (no epoch fence), and
            // an externally fed partition with no events is never written (see snapshotPartition), so the last
            // snapshot remains the resume point
        }
    };
    private final AtomicInteger tickOffset = new AtomicInteger();

    private final AtomicLong droppedJobs = new AtomicLong();
    private final AtomicLong failedJobs = new AtomicLong();
    private final AtomicLong stableCaptureFailures = new AtomicLong();
    private final AtomicLong totalSnapshots = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong markerFailures = new AtomicLong();
    private final AtomicLong skippedEvents = new AtomicLong();
    private final AtomicLong snapshotsSkippedForSchema = new AtomicLong();

    private final Object lifecycle = new Object();
    private ScheduledExecutorService ticker;
    private ThreadPoolExecutor workers;
    private volatile boolean closing;
    private boolean closed;

    public Snapshotter(EventStore<E> store, String storeName, EventCodec<E> codec, SnapshotStore files,
                       SnapshotOptions options) {
        this(store, storeName, codec, files, options, SnapshotListener.NONE);
    }

    public Snapshotter(EventStore<E> store, String storeName, EventCodec<E> codec, SnapshotStore files,
                       SnapshotOptions options, SnapshotListener listener) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.internals = StoreInternals.of(store);
        this.storeName = Objects.requireNonNull(storeName, "storeName must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.files = Objects.requireNonNull(files, "snapshot store must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.clock = store.options().clock();
        this.partitions = new PartitionState[store.partitions()];
        long now = clock.millis();
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new PartitionState(0, now); // version 0 = never touched; anything else gets written
        }
        // last: a refused snapshotter must leave nothing registered behind
        SnapshotOwners.claim(store, this);
        internals.addMaintenanceListener(maintenanceListener);
    }

    public String storeName() {
        return storeName;
    }

    public SnapshotOptions options() {
        return options;
    }

    // ------------------------------------------------------------------------------------------------
    // Restore
    // ------------------------------------------------------------------------------------------------

    /**
     * Puts back, for every partition, the newest valid snapshot that no clear/purge has fenced off. Call it
     * before the first append (events appended before it are kept, see {@link EventStore#restorePartition},
     * but a restore that re-routes refuses to run then). If it throws, do not start this snapshotter: the
     * directory still holds what it held, and a later restore tries again.
     *
     * <p><b>Partition layout.</b> The directory records the partition count its snapshots were written with ({@link SnapshotLayout}, a
     * small file written atomically, recorded by every restore, also of an empty directory). A directory
     * without one (written before layouts were recorded, or never restored) is taken to have as many
     * partitions as its highest {@code p<n>} directory says; when that is fewer than this store's, as many as
     * this store, unless its keyed events are not where this store routes their keys but all are where a
     * smaller count {@code n} does: then it was written with {@code n}. When the layout's count equals this
     * store's, every partition gets its own snapshot back as before. When it differs (a container with fewer CPUs, a laptop-to-server move), the snapshots are
     * re-routed instead of refused:
     * <ul>
     * <li>Each source partition's newest valid snapshot is read as above (epoch markers honoured, so a removed
     *     event never comes back). With a key selector each event goes to the partition its key routes to in
     *     this store ({@link EventStore#partitionFor}, the same routing as appends), as does a
     *     {@link dev.lockfree.eventstore.stream.StreamRecord} by its stream name; without one, source
     *     partition {@code i} goes to partition {@code i mod partitions()}.</li>
     * <li>Several sources feeding one partition are merged keeping each source's order: by timestamp when the
     *     store has a timestamp selector, else aligned at their newest events; ties go to the lower source
     *     partition. When more than {@code capacityPerPartition} arrive, the newest are kept and the rest are
     *     counted in {@link RestoreResult#eventsDropped()}.</li>
     * <li>Every partition's sequences continue from one new sequence {@code S}, above every sequence of the
     *     old layout (and at least {@code capacityPerPartition}), and its epoch from the highest epoch met, so
     *     newer snapshots always rank above the old files and later clears fence them.</li>
     * <li>Crash safety: the layout file is first marked "resize pending at {@code S}", then one snapshot per
     *     new partition is written at {@code S}, then the layout file is switched to the new partition count
     *     (the commit), and only then is the store filled. A crash before the commit leaves the old layout in
     *     force (what the resize wrote at or above {@code S} is ignored, and the next restore resizes again
     *     above it); after the commit, snapshots below {@code S} and partition directories beyond the new
     *     count are never restored again. Those directories are then renamed to {@code p<n>.resized-<S>} (kept,
     *     not deleted; failing to rename them is only logged).</li>
     * </ul>
     * Re-routing needs a {@link SnapshotStore} that records layouts ({@link FileSystemSnapshotStore} does) and
     * a store nothing was appended to yet; a store routing with {@code tryAppend(key, event)} and no key
     * selector is spread by partition, not by key.
     *
     * @throws IllegalStateException if the snapshots must be re-routed but the snapshot store cannot record a
     *                               layout or events were appended to this store already, or a snapshot's
     *                               schema differs from {@code expectedSchemaVersion}
     */
    public RestoreResult restore() throws IOException {
        long started = System.nanoTime();
        SnapshotListener.Completion completion = notifyStarted(SnapshotOperation.RESTORE, -1);
        long[] restoredEvents = new long[1];
        long[] skippedForSchema = new long[1];
        try {
            Optional<SnapshotLayout> recorded = files.readLayout(storeName);
            List<Integer> onDisk = files.partitions(storeName);
            int highest = onDisk.stream().mapToInt(Integer::intValue).max().orElse(-1);
            SnapshotLayout layout = recorded.orElseGet(
                    () -> SnapshotLayout.of(Math.max(highest + 1, partitions.length), 0));
            if (recorded.isEmpty() && highest >= 0 && highest + 1 < partitions.length) {
                layout = fewerPartitionsByKeys(highest).orElse(layout);
            }
            RestoreResult result;
            if (layout.partitions() == partitions.length && !layout.isPending()) {
                result = restoreInPlace(layout, started, restoredEvents, skippedForSchema);
                if (recorded.isEmpty()) {
                    recordLayoutQuietly(layout);
                }
            } else {
                result = restoreResized(layout, highest, started, restoredEvents, skippedForSchema);
            }
            if (result.resizedFrom().isPresent()) {
                retireBeyond(onDisk, "resized-" + partitions[0].lastSequence); // every partition starts there
            } else if (layout.sinceSequence() > 0) {
                retireBeyond(onDisk, "resized-" + layout.sinceSequence()); // a crash came between commit and rename
            }
            complete(completion, new SnapshotOutcome(SnapshotOperation.RESTORE, storeName, -1, "success", -1, 0, 1,
                    restoredEvents[0], 0, 0), null);
            return result;
        } catch (IOException | RuntimeException e) {
            complete(completion, new SnapshotOutcome(SnapshotOperation.RESTORE, storeName, -1, "failure", -1, 0, 1,
                    restoredEvents[0], 0, 0), e);
            throw e;
        }
    }

    /**
     * Restores one partition from its newest valid snapshot that no clear/purge has fenced off: what a Kafka
     * binding does when it is assigned the partition (instead of {@link #restore()} of the whole store at start).
     * The partition should be empty and not fed meanwhile; on an externally fed store the snapshot's source
     * position is recorded again as the newest event's, and returned, so that the caller resumes right after it.
     *
     * @throws IllegalStateException if the snapshot directory was written with another partition count (or a
     *                               resize is pending): {@link #restore()} the whole store to re-route it first
     */
    public PartitionRestore restorePartition(int partition) throws IOException {
        if (partition < 0 || partition >= partitions.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, " + partitions.length
                    + ")");
        }
        SnapshotListener.Completion completion = notifyStarted(SnapshotOperation.RESTORE, partition);
        int restored = 0;
        try {
            Optional<SnapshotLayout> recorded = files.readLayout(storeName);
            SnapshotLayout layout;
            if (recorded.isPresent()) {
                layout = recorded.get();
                if (layout.partitions() != partitions.length || layout.isPending()) {
                    throw new IllegalStateException("Snapshots of store '" + storeName + "' were written with "
                            + layout.partitions() + " partitions" + (layout.isPending() ? " (a resize is pending)" : "")
                            + " but the store has " + partitions.length + "; restore() the whole store to re-route "
                            + "them before restoring partition " + partition);
                }
            } else {
                int highest = files.partitions(storeName).stream().mapToInt(Integer::intValue).max().orElse(-1);
                if (highest >= partitions.length) {
                    throw new IllegalStateException("Snapshots of store '" + storeName + "' include partition "
                            + highest + " but the store has " + partitions.length + "; restore() the whole store to "
                            + "re-route them before restoring partition " + partition);
                }
                layout = SnapshotLayout.of(partitions.length, 0);
                recordLayoutQuietly(layout);
            }
            PartitionRestore result;
            PartitionState state = partitions[partition];
            synchronized (state) {
                long marker = files.readEpochMarker(storeName, partition).orElse(0L);
                state.epoch = Math.max(state.epoch, marker);
                LoadedSnapshot<E> loaded = load(partition, Long.MAX_VALUE);
                int skipped = countSkipped(loaded);
                Optional<PartitionSnapshot<E>> latest = loaded.snapshot();
                if (latest.isPresent() && latest.get().lastSequence() < layout.sinceSequence()) {
                    latest = Optional.empty(); // written under a former layout
                }
                long floor = loaded.highestSkippedSequence(); // see restoreInPlace
                if (latest.isEmpty()) {
                    if (floor >= 0) {
                        store.restorePartition(partition, List.of(), floor);
                        state.changeCountAtLastSnapshot = internals.changeCount(partition);
                    }
                    result = new PartitionRestore(partition, 0, 0, java.util.OptionalLong.empty(), Optional.empty(),
                            skipped);
                } else {
                    PartitionSnapshot<E> snapshot = latest.get();
                    state.epoch = Math.max(state.epoch, snapshot.epoch());
                    restored = restore(partition, snapshot, Math.max(snapshot.lastSequence(), floor));
                    state.lastSequence = snapshot.lastSequence();
                    state.lastSnapshotAt = snapshot.takenAt();
                    state.changeCountAtLastSnapshot = internals.changeCount(partition);
                    state.lastSnapshotMillis = clock.millis();
                    result = new PartitionRestore(partition, restored, snapshot.events().size() - restored,
                            restored > 0 ? snapshot.sourcePosition() : java.util.OptionalLong.empty(),
                            Optional.of(snapshot.takenAt()), skipped);
                }
            }
            complete(completion, new SnapshotOutcome(SnapshotOperation.RESTORE, storeName, partition, "success", -1, 0,
                    1, restored, 0, 0), null);
            return result;
        } catch (IOException | RuntimeException e) {
            complete(completion, new SnapshotOutcome(SnapshotOperation.RESTORE, storeName, partition, "failure", -1, 0,
                    1, restored, 0, 0), e);
            throw e;
        }
    }

    /**
     * The snapshot to restore partition {@code p} from, honouring {@link SnapshotOptions#expectedSchemaVersion()}
     * and {@link SnapshotOptions#onSchemaMismatch()}.
     */
    private LoadedSnapshot<E> load(int p, long belowSequence) throws IOException {
        if (options.onSchemaMismatch() == SchemaMismatch.SKIP) {
            return files.loadLatestOfSchema(storeName, p, codec, options.expectedSchemaVersion().getAsInt(),
                    belowSequence);
        }
        return LoadedSnapshot.of(files.loadLatest(storeName, p, codec, options.expectedSchemaVersion(),
                belowSequence));
    }

    /** Adds the snapshots a restore skipped for their schema to the metrics, and returns their number. */
    private int countSkipped(LoadedSnapshot<E> loaded) {
        int skipped = loaded.skippedForSchema();
        if (skipped > 0) {
            snapshotsSkippedForSchema.addAndGet(skipped);
            LOG.log(Level.WARNING, "restore of store ''{0}'' skipped {1} snapshot(s) of a schema version other than "
                    + "the expected {2}", storeName, skipped, options.expectedSchemaVersion().getAsInt());
        }
        return skipped;
    }

    /** Every partition from its own directory: the layout has this store's partition count. */
    private RestoreResult restoreInPlace(SnapshotLayout layout, long started, long[] restoredEvents,
                                         long[] skippedForSchema) throws IOException {
        int restoredPartitions = 0;
        long dropped = 0;
        for (int p = 0; p < partitions.length; p++) {
            PartitionState state = partitions[p];
            synchronized (state) {
                long marker = files.readEpochMarker(storeName, p).orElse(0L);
                LoadedSnapshot<E> loaded = load(p, Long.MAX_VALUE);
                skippedForSchema[0] += countSkipped(loaded);
                Optional<PartitionSnapshot<E>> latest = loaded.snapshot();
                state.epoch = Math.max(state.epoch, marker);
                if (latest.isPresent() && latest.get().lastSequence() < layout.sinceSequence()) {
                    latest = Optional.empty(); // written under a former layout: never part of this one
                }
                // keep this partition's sequences at or above the layout's, or its next snapshots would be taken
                // for a former layout's, and above snapshots skipped for their schema, or its next snapshots would
                // rank below them (and retention would delete the new ones)
                long floor = Math.max(layout.sinceSequence() - 1, loaded.highestSkippedSequence());
                if (latest.isEmpty()) {
                    if (floor >= 0) {
                        store.restorePartition(p, List.of(), floor);
                        state.changeCountAtLastSnapshot = internals.changeCount(p);
                    }
                    continue;
                }
                PartitionSnapshot<E> snapshot = latest.get();
                state.epoch = Math.max(state.epoch, snapshot.epoch());
                int restored = restore(p, snapshot, Math.max(snapshot.lastSequence(), floor));
                restoredEvents[0] += restored;
                dropped += snapshot.events().size() - restored;
                restoredPartitions++;
                state.lastSequence = snapshot.lastSequence();
                state.lastSnapshotAt = snapshot.takenAt();
                state.changeCountAtLastSnapshot = internals.changeCount(p);
                state.lastSnapshotMillis = clock.millis();
            }
        }
        return new RestoreResult(restoredPartitions, restoredEvents[0], Duration.ofNanos(System.nanoTime() - started),
                dropped, OptionalInt.empty(), skippedForSchema[0]);
    }

    /**
     * Restores {@code snapshot} into partition {@code p}, with its event timestamps on a store that takes them from
     * its feed.
     *
     * <p>On such a store, a snapshot whose events have no timestamps (written while the store had a
     * timestampSelector, or before format version 3) cannot be restored: its events could not enter the time
     * window. Its events are dropped (counted as dropped, logged) and only its sequences are kept, so that the
     * partition's next snapshot supersedes it; with no source position restored, the feed starts the partition
     * afresh (a Kafka binding replays it per its {@code replay} setting), as for a snapshot without one.
     */
    private int restore(int p, PartitionSnapshot<E> snapshot, long lastSequence) {
        if (!internals.takesFeedTimestamps()) {
            return store.restorePartition(p, snapshot.events(), lastSequence, snapshot.sourcePosition());
        }
        if (!snapshot.hasEventTimestamps() && !snapshot.events().isEmpty()) {
            LOG.log(Level.WARNING, "store ''{0}'' partition {1}: the newest snapshot holds {2} event(s) without "
                    + "timestamps (written while the store had a timestampSelector, or by an older version), but the "
                    + "store takes each event''s timestamp from its feed; dropping them so that the feed starts the "
                    + "partition afresh", storeName, p, snapshot.eventCount());
            internals.restore(p, List.of(), lastSequence, java.util.OptionalLong.empty(), new long[0]);
            return 0;
        }
        long[] timestamps = snapshot.eventTimestamps().map(EventTimestamps::array).orElse(new long[0]);
        return internals.restore(p, snapshot.events(), lastSequence, snapshot.sourcePosition(), timestamps);
    }

    /** The snapshots were written with another partition count (or a resize was interrupted): re-route them. */
    private RestoreResult restoreResized(SnapshotLayout layout, int highest, long started, long[] restoredEvents,
                                         long[] skippedForSchema)
            throws IOException {
        int targets = partitions.length;
        if (internals.takesFeedTimestamps()) {
            // re-routing moves events between partitions, and each partition of such a store mirrors one partition
            // of its feed (a Kafka topic partition): there is no partition to move them to
            throw new IllegalStateException("Snapshots of store '" + storeName + "' were written with "
                    + layout.partitions() + " partitions but the store has " + targets + ", and a store that takes "
                    + "its timestamps from its feed cannot re-route them: give the store " + layout.partitions()
                    + " partitions, or move the snapshot directory aside so that it is replayed from its feed");
        }
        for (int t = 0; t < targets; t++) {
            if (store.lastSequence(t) >= 0) {
                throw new IllegalStateException("Snapshots of store '" + storeName + "' were written with "
                        + layout.partitions() + " partitions and must be re-routed into this store's " + targets
                        + ", but events were appended to partition " + t + " before restore(); restore first");
            }
        }
        // 1. the old layout, as a restore in place would see it
        List<List<E>> sources = new ArrayList<>(layout.partitions());
        long epoch = 0;
        long highestSequence = -1;
        for (int i = 0; i < layout.partitions(); i++) {
            epoch = Math.max(epoch, files.readEpochMarker(storeName, i).orElse(0L));
            Optional<PartitionSnapshot<E>> latest;
            try {
                LoadedSnapshot<E> loaded = load(i, layout.sequenceBound());
                skippedForSchema[0] += countSkipped(loaded);
                // the new sequences start above every snapshot, skipped ones included (see restoreInPlace)
                highestSequence = Math.max(highestSequence, loaded.highestSkippedSequence());
                latest = loaded.snapshot();
            } catch (UnsupportedOperationException e) {
                throw cannotResize(layout, highest, e);
            }
            if (latest.isPresent() && latest.get().lastSequence() >= layout.sinceSequence()) {
                PartitionSnapshot<E> snapshot = latest.get();
                sources.add(snapshot.events());
                epoch = Math.max(epoch, snapshot.epoch());
                highestSequence = Math.max(highestSequence, snapshot.lastSequence());
            } else {
                sources.add(List.of());
            }
        }
        // 2. re-route and merge
        List<List<List<E>>> runs = new ArrayList<>(targets);
        for (int t = 0; t < targets; t++) {
            runs.add(new ArrayList<>());
        }
        for (int i = 0; i < sources.size(); i++) {
            List<List<E>> fromSource = new ArrayList<>(targets);
            for (int t = 0; t < targets; t++) {
                fromSource.add(new ArrayList<>());
            }
            for (E event : sources.get(i)) {
                fromSource.get(targetOf(i, event)).add(event);
            }
            for (int t = 0; t < targets; t++) {
                if (!fromSource.get(t).isEmpty()) {
                    runs.get(t).add(fromSource.get(t));
                }
            }
        }
        int capacity = store.options().capacityPerPartition();
        long dropped = 0;
        List<List<E>> merged = new ArrayList<>(targets);
        for (int t = 0; t < targets; t++) {
            List<E> all = merge(runs.get(t));
            int keep = Math.min(all.size(), capacity);
            dropped += all.size() - keep;
            merged.add(all.subList(all.size() - keep, all.size()));
        }
        long sequence = Math.max(Math.max(highestSequence, layout.sinceSequence()) + 1, capacity);
        if (layout.isPending()) {
            sequence = Math.max(sequence, layout.pendingSequence() + 1);
        }
        long[] epochs = new long[targets];
        for (int t = 0; t < targets; t++) {
            epochs[t] = Math.max(epoch, Math.max(partitions[t].epoch,
                    t < layout.partitions() ? 0 : files.readEpochMarker(storeName, t).orElse(0L)));
        }
        // 3. on disk: pending, one snapshot per partition, commit
        try {
            files.writeLayout(storeName, layout.withPending(sequence));
        } catch (UnsupportedOperationException e) {
            throw cannotResize(layout, highest, e);
        }
        Instant takenAt = clock.instant();
        for (int t = 0; t < targets; t++) {
            List<E> events = merged.get(t);
            PartitionSnapshot<E> snapshot = new PartitionSnapshot<>(storeName, t, sequence - events.size() + 1,
                    sequence, epochs[t], takenAt, options.schemaVersion(), events);
            SnapshotListener.Completion saving = notifyStarted(SnapshotOperation.SAVE, t);
            try {
                long bytes = files.save(snapshot, codec, options.compress()).bytes();
                totalSnapshots.incrementAndGet();
                bytesWritten.addAndGet(bytes);
                complete(saving, SnapshotOutcome.save(storeName, t, "success", sequence, bytes, 1, events.size()),
                        null);
            } catch (IOException | RuntimeException e) {
                complete(saving, SnapshotOutcome.save(storeName, t, "failure", sequence, 0, 1, events.size()), e);
                throw e;
            }
        }
        files.writeLayout(storeName, SnapshotLayout.of(targets, sequence));
        LOG.log(Level.INFO, "Snapshots of store ''{0}'' written with {1} partitions were re-routed into {2} "
                + "partitions from sequence {3}; {4} event(s) did not fit", storeName, layout.partitions(), targets,
                sequence, dropped);
        // 4. in memory, exactly what was written
        int restoredPartitions = 0;
        for (int t = 0; t < targets; t++) {
            PartitionState state = partitions[t];
            synchronized (state) {
                state.epoch = Math.max(state.epoch, epochs[t]);
                int restored = store.restorePartition(t, merged.get(t), sequence);
                restoredEvents[0] += restored;
                dropped += merged.get(t).size() - restored;
                if (restored > 0) {
                    restoredPartitions++;
                }
                state.lastSequence = sequence;
                state.lastSnapshotAt = takenAt;
                state.changeCountAtLastSnapshot = internals.changeCount(t);
                state.lastSnapshotMillis = clock.millis();
            }
        }
        return new RestoreResult(restoredPartitions, restoredEvents[0], Duration.ofNanos(System.nanoTime() - started),
                dropped, OptionalInt.of(layout.partitions()), skippedForSchema[0]);
    }

    private IllegalStateException cannotResize(SnapshotLayout layout, int highest, RuntimeException cause) {
        return new IllegalStateException("Snapshots of store '" + storeName + "' include partition " + highest
                + ", but the store has " + partitions.length + " partitions (0.." + (partitions.length - 1)
                + "), and " + files.getClass().getSimpleName() + " cannot record a partition layout to re-route "
                + "them (written with " + layout.partitions() + " partitions); restore into a store with the same "
                + "partition count, or move the snapshot directory aside to start empty", cause);
    }

    /** Where a re-routed event goes: its key's partition, or its source partition modulo the partition count. */
    private int targetOf(int source, E event) {
        Object key = routingKey(event);
        return key != null ? store.partitionFor(key) : source % partitions.length;
    }

    /** The event's key (a stream record's stream name without a key selector), or null. */
    private Object routingKey(E event) {
        java.util.function.Function<? super E, ?> keys = store.options().keySelector();
        return keys != null ? keys.apply(event)
                : event instanceof dev.lockfree.eventstore.stream.StreamRecord<?> record ? record.stream() : null;
    }

    /**
     * A directory without a layout file and with fewer partition directories than this store was written either
     * by a store of this partition count whose last partitions never had a snapshot, or by a smaller store. Its
     * keyed events tell: when some are not where this store routes their keys, but every one is where a smaller
     * count {@code n} routes it, it was written with {@code n} partitions. Otherwise (unkeyed events, explicit
     * partitions) it is restored in place, as before layouts were recorded.
     */
    private Optional<SnapshotLayout> fewerPartitionsByKeys(int highest) throws IOException {
        List<List<Object>> keys = new ArrayList<>(highest + 1);
        boolean misplaced = false;
        for (int i = 0; i <= highest; i++) {
            Optional<PartitionSnapshot<E>> latest = load(i, Long.MAX_VALUE).snapshot(); // a look, not a restore
            List<Object> partitionKeys = new ArrayList<>();
            for (E event : latest.map(PartitionSnapshot::events).orElse(List.of())) {
                Object key = routingKey(event);
                if (key == null) {
                    return Optional.empty();
                }
                partitionKeys.add(key);
                misplaced |= store.partitionFor(key) != i;
            }
            keys.add(partitionKeys);
        }
        if (!misplaced) {
            return Optional.empty();
        }
        candidates:
        for (int n = highest + 1; n < partitions.length; n++) {
            for (int i = 0; i <= highest; i++) {
                for (Object key : keys.get(i)) {
                    if (StoreInternals.partitionFor(key, n) != i) {
                        continue candidates;
                    }
                }
            }
            LOG.log(Level.INFO, "Snapshots of store ''{0}'' have no layout file; their keys say they were written "
                    + "with {1} partitions", storeName, n);
            return Optional.of(SnapshotLayout.of(n, 0));
        }
        return Optional.empty();
    }

    /**
     * Merges runs (each in its source's order, sources ascending) keeping each run's order: by timestamp with a
     * timestamp selector, else aligned at the runs' newest ends; ties go to the earlier run.
     */
    private List<E> merge(List<List<E>> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        java.util.function.ToLongFunction<? super E> timestamps = store.options().timestampSelector();
        int[] next = new int[runs.size()];
        long[] head = new long[runs.size()];
        java.util.PriorityQueue<Integer> heads = new java.util.PriorityQueue<>(
                java.util.Comparator.<Integer>comparingLong(r -> head[r]).thenComparingInt(r -> r));
        int total = 0;
        for (int r = 0; r < runs.size(); r++) {
            total += runs.get(r).size();
        }
        for (int r = 0; r < runs.size(); r++) {
            head[r] = key(runs.get(r), 0, timestamps);
            heads.add(r);
        }
        List<E> out = new ArrayList<>(total);
        while (!heads.isEmpty()) {
            int r = heads.poll();
            List<E> run = runs.get(r);
            out.add(run.get(next[r]++));
            if (next[r] < run.size()) {
                head[r] = key(run, next[r], timestamps);
                heads.add(r);
            }
        }
        return out;
    }

    private static <E> long key(List<E> run, int index, java.util.function.ToLongFunction<? super E> timestamps) {
        return timestamps != null ? timestamps.applyAsLong(run.get(index)) : index - (long) run.size();
    }

    private void recordLayoutQuietly(SnapshotLayout layout) {
        try {
            files.writeLayout(storeName, layout);
        } catch (UnsupportedOperationException e) {
            // a store without layouts restores in place only
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the partition layout of store '" + storeName + "'; a later "
                    + "restore into another partition count may take it for the count of its directories", e);
        }
    }

    /** Renames partition directories beyond the layout out of the way; they are never restored anyway. */
    private void retireBeyond(List<Integer> onDisk, String suffix) {
        for (int p : onDisk) {
            if (p < partitions.length) {
                continue;
            }
            try {
                files.retirePartition(storeName, p, suffix);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not rename the snapshot directory of store '" + storeName
                        + "' partition " + p + ", which is no longer part of its layout (it is not restored)", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle
    // ------------------------------------------------------------------------------------------------

    /** Starts the periodic triggers. Idempotent. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("Snapshotter of store '" + storeName + "' is closed");
            }
            if (ticker != null) {
                return;
            }
            workers = new ThreadPoolExecutor(options.maxConcurrentSnapshotJobs(), options.maxConcurrentSnapshotJobs(),
                    30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(options.maxPendingSnapshotJobs()),
                    daemonThreads("eventstore-snapshot-" + storeName), new ThreadPoolExecutor.AbortPolicy());
            workers.allowCoreThreadTimeOut(true);
            ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("eventstore-snapshot-ticker-" + storeName));
            long tick = tickMillis();
            ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return ticker != null && !closed;
        }
    }

    private long tickMillis() {
        long basis = options.interval().isZero() ? MAX_TICK_MILLIS : options.interval().toMillis() / 4;
        return Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, basis));
    }

    /**
     * Stops the triggers, waits for running jobs, and, when {@code finalSnapshotOnShutdown} is set,
     * writes every changed partition, all within {@code finalSnapshotTimeout}. Idempotent.
     *
     * @return {@code true} if everything finished within the timeout
     */
    public boolean stop() {
        ScheduledExecutorService stoppedTicker;
        ThreadPoolExecutor stoppedWorkers;
        synchronized (lifecycle) {
            if (closed) {
                return true;
            }
            closed = true;
            closing = true;
            stoppedTicker = ticker;
            stoppedWorkers = workers;
        }
        internals.removeMaintenanceListener(maintenanceListener);
        long deadline = System.nanoTime() + options.finalSnapshotTimeout().toNanos();
        boolean inTime = true;
        if (stoppedTicker != null) {
            stoppedTicker.shutdownNow();
        }
        if (stoppedWorkers != null) {
            stoppedWorkers.shutdown();
            inTime = awaitQuietly(stoppedWorkers, deadline);
        }
        closing = false; // the final pass must not be cut short by the "closing" backoff abort
        if (options.finalSnapshotOnShutdown() && inTime) {
            inTime = finalPass(deadline);
        }
        if (stoppedWorkers != null) {
            stoppedWorkers.shutdownNow();
        }
        // only now may another snapshotter take the store: this one's final pass has ended (or was abandoned)
        SnapshotOwners.release(store, this);
        return inTime;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean finalPass(long deadlineNanos) {
        Thread finalThread = daemonThreads("eventstore-snapshot-final-" + storeName).newThread(() -> {
            for (int p = 0; p < partitions.length && !Thread.currentThread().isInterrupted(); p++) {
                if (changed(p)) {
                    snapshotPartition(p);
                }
            }
        });
        finalThread.start();
        try {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(finalThread, remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (finalThread.isAlive()) {
            finalThread.interrupt();
            LOG.log(Level.WARNING, "final snapshot of store ''{0}'' did not finish within {1}", storeName,
                    options.finalSnapshotTimeout());
            return false;
        }
        return true;
    }

    private static boolean awaitQuietly(ThreadPoolExecutor executor, long deadlineNanos) {
        try {
            return executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Triggers and jobs
    // ------------------------------------------------------------------------------------------------

    private void tick() {
        try {
            int count = partitions.length;
            int offset = Math.floorMod(tickOffset.getAndIncrement(), count);
            long now = clock.millis();
            for (int k = 0; k < count && !closing; k++) {
                int p = (offset + k) % count;
                if (due(p, now)) {
                    enqueue(p);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "snapshot tick of store '" + storeName + "' failed", e);
        }
    }

    private boolean changed(int p) {
        return internals.changeCount(p) != partitions[p].changeCountAtLastSnapshot;
    }

    private boolean due(int p, long nowMillis) {
        PartitionState state = partitions[p];
        long changeCount = internals.changeCount(p);
        if (changeCount == state.changeCountAtLastSnapshot) {
            state.pendingSinceMillis = NOT_PENDING;
            return false;
        }
        // appends never read the clock, so the tick dates the first change it sees; a write racing this
        // may leave a stale date on an unchanged partition, which metrics() ignores and the next tick clears
        if (state.pendingSinceMillis == NOT_PENDING) {
            state.pendingSinceMillis = nowMillis;
        }
        boolean byTime = !options.interval().isZero()
                && nowMillis - state.lastSnapshotMillis >= options.interval().toMillis();
        boolean byCount = options.minEventsBetweenSnapshots() > 0
                && changeCount - state.changeCountAtLastSnapshot >= options.minEventsBetweenSnapshots();
        return byTime || byCount;
    }

    private void enqueue(int p) {
        PartitionState state = partitions[p];
        if (!state.queued.compareAndSet(false, true)) {
            return;
        }
        ThreadPoolExecutor pool = workers;
        try {
            pool.execute(() -> {
                try {
                    snapshotPartition(p);
                } finally {
                    state.queued.set(false);
                }
            });
        } catch (RejectedExecutionException full) {
            state.queued.set(false);
            droppedJobs.incrementAndGet();
            LOG.log(Level.DEBUG, "snapshot queue of store ''{0}'' is full; partition {1} waits for the next tick",
                    storeName, p);
        }
    }

    /**
     * Writes {@code partition} now, on the calling thread, if it changed since its last snapshot (a Kafka
     * binding calls it before it releases a revoked partition).
     *
     * @return whether a snapshot was written
     */
    public boolean snapshotPartitionNow(int partition) {
        if (partition < 0 || partition >= partitions.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, " + partitions.length
                    + ")");
        }
        return changed(partition) && snapshotPartition(partition);
    }

    /**
     * Writes every changed partition now, on the calling thread.
     *
     * @return how many partitions were written
     */
    public int snapshotNow() {
        int written = 0;
        for (int p = 0; p < partitions.length; p++) {
            if (changed(p) && snapshotPartition(p)) {
                written++;
            }
        }
        return written;
    }

    /** Captures, saves (with retries) and prunes one partition. Serialised per partition. */
    boolean snapshotPartition(int p) {
        PartitionState state = partitions[p];
        synchronized (state) {
            long changeCountBefore = internals.changeCount(p);
            StoreInternals.Capture<E> capture = null;
            java.util.OptionalLong sourcePosition = java.util.OptionalLong.empty();
            long epoch = 0;
            final boolean fed = store.isExternallyFed();
            final int attempts = options.stableCaptureMaxAttempts();
            for (int attempt = 1; attempt <= attempts; attempt++) {
                epoch = state.epoch;
                StoreInternals.Capture<E> candidate = internals.capture(p);
                if (candidate.removals() == internals.removals(p) && epoch == state.epoch) {
                    if (candidate.missingTimestamps() > 0) {
                        // the feed lapped the oldest events' timestamps since their capture: capture again, and on
                        // the last attempt keep the events whose timestamps are still there (the newest ones)
                        if (attempt < attempts) {
                            changeCountBefore = internals.changeCount(p);
                            continue;
                        }
                        candidate = candidate.withoutOldest(candidate.missingTimestamps());
                    }
                    if (!fed || candidate.events().isEmpty()) {
                        capture = candidate;
                        break;
                    }
                    // the position of exactly the newest captured event; empty if the feed lapped it since
                    sourcePosition = store.sourcePosition(p, candidate.lastSequence());
                    if (sourcePosition.isPresent()) {
                        capture = candidate;
                        break;
                    }
                }
                changeCountBefore = internals.changeCount(p);
            }
            if (capture != null && fed && capture.events().isEmpty()) {
                // nothing to resume from: keep the last snapshot (of a released partition, say) as the resume point
                state.changeCountAtLastSnapshot = changeCountBefore;
                state.pendingSinceMillis = NOT_PENDING;
                return false;
            }
            if (capture == null) {
                state.stableCaptureFailures++;
                stableCaptureFailures.incrementAndGet();
                SnapshotListener.Completion completion = notifyStarted(SnapshotOperation.SAVE, p);
                complete(completion, SnapshotOutcome.save(storeName, p, "stable-capture-failed", -1, 0, 0, 0), null);
                return false;
            }
            Instant takenAt = clock.instant();
            PartitionSnapshot<E> snapshot = new PartitionSnapshot<>(storeName, p, capture.firstSequence(),
                    capture.lastSequence(), epoch, takenAt, options.schemaVersion(),
                    TrustedEventList.ofUnshared(capture.events()), sourcePosition, // the capture is ours alone
                    capture.timestamps() == null ? Optional.empty()
                            : Optional.of(EventTimestamps.ofOwned(capture.timestamps())));
            SnapshotListener.Completion completion = notifyStarted(SnapshotOperation.SAVE, p);
            IOException lastError = null;
            for (int attempt = 1; attempt <= options.maxSaveAttempts(); attempt++) {
                state.lastSaveAttempts = attempt;
                try {
                    SavedSnapshot saved = files.save(snapshot, codec, options.compress());
                    long bytes = saved.bytes();
                    recordSkipped(p, state, capture.firstSequence(), saved.skipped());
                    state.successes++;
                    state.consecutiveFailures = 0;
                    // appends that raced the save are pending since the capture at the latest
                    state.pendingSinceMillis = internals.changeCount(p) != changeCountBefore ? takenAt.toEpochMilli()
                            : NOT_PENDING;
                    state.lastSequence = capture.lastSequence();
                    state.lastSnapshotAt = takenAt;
                    state.lastSnapshotMillis = clock.millis();
                    state.changeCountAtLastSnapshot = changeCountBefore;
                    totalSnapshots.incrementAndGet();
                    bytesWritten.addAndGet(bytes);
                    complete(completion, SnapshotOutcome.save(storeName, p, "success", capture.lastSequence(), bytes,
                            attempt, capture.events().size() - saved.skipped().size()), null);
                    prune(p);
                    return true;
                } catch (StaleSnapshotException e) {
                    // a clear/purge fenced this capture off while it was written: the partition is still
                    // changed, so the next pass captures it again under the new epoch
                    LOG.log(Level.DEBUG, "snapshot of store ''{0}'' partition {1} was overtaken by a clear/purge",
                            storeName, p);
                    complete(completion, SnapshotOutcome.save(storeName, p, "stale", capture.lastSequence(), 0,
                            attempt, capture.events().size()), null);
                    return false;
                } catch (IOException e) {
                    lastError = e;
                    LOG.log(Level.DEBUG, "snapshot of store '" + storeName + "' partition " + p + " failed (attempt "
                            + attempt + " of " + options.maxSaveAttempts() + ")", e);
                    if (attempt < options.maxSaveAttempts() && !sleepBackoff(attempt)) {
                        break;
                    }
                }
            }
            state.failures++;
            state.consecutiveFailures++;
            failedJobs.incrementAndGet();
            LOG.log(Level.WARNING, "snapshot of store '" + storeName + "' partition " + p + " failed after "
                    + state.lastSaveAttempts + " attempt(s); older snapshots are kept", lastError);
            complete(completion, SnapshotOutcome.save(storeName, p, "failure", capture.lastSequence(), 0,
                    state.lastSaveAttempts, capture.events().size()), lastError);
            return false;
        }
    }

    /**
     * Counts and logs the events a save left out, each once: a skipped event stays in the partition until it
     * is evicted, so every later snapshot leaves it out again. Sequences never go back (not on clear, purge or
     * restore), so "above the highest one seen" is "not seen yet". A captured run is contiguous (G1): the
     * event at index i has sequence firstSequence + i. Only the exception's class is logged at WARNING: its
     * message may quote the event, which may hold anything a client sent.
     */
    private void recordSkipped(int p, PartitionState state, long firstSequence, List<SkippedEvent> skipped) {
        List<Long> fresh = new ArrayList<>();
        Exception firstError = null;
        for (SkippedEvent event : skipped) {
            long sequence = firstSequence + event.index();
            if (sequence > state.highestSkippedSequence) {
                fresh.add(sequence);
                state.highestSkippedSequence = sequence;
                if (firstError == null) {
                    firstError = event.error();
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        state.skippedEvents += fresh.size();
        skippedEvents.addAndGet(fresh.size());
        String sequences = fresh.size() <= 10 ? fresh.toString()
                : fresh.subList(0, 10) + " and " + (fresh.size() - 10) + " more";
        LOG.log(Level.WARNING, "snapshot of store ''{0}'' partition {1} left out {2} event(s) that codec {3} "
                        + "could not encode, at sequence(s) {4}; every other event was written. First failure: {5} "
                        + "(logged with its message at DEBUG)", storeName, p, fresh.size(), codec.name(), sequences,
                firstError.getClass().getName());
        LOG.log(Level.DEBUG, "codec failure on store '" + storeName + "' partition " + p + " sequence "
                + fresh.get(0), firstError);
    }

    /** Backoff before attempt {@code attempt + 1}: base * factor^(attempt-1), +/- jitter. */
    Duration backoff(int attempt) {
        double delay = options.backoffBaseDelay().toNanos() * Math.pow(options.backoffFactor(), attempt - 1);
        double jitter = options.backoffJitter() == 0 ? 0
                : ThreadLocalRandom.current().nextDouble(-options.backoffJitter(), options.backoffJitter());
        return Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, delay * (1 + jitter)));
    }

    private boolean sleepBackoff(int attempt) {
        if (closing) {
            return false;
        }
        try {
            Thread.sleep(backoff(attempt).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void prune(int p) {
        SnapshotListener.Completion completion = notifyStarted(SnapshotOperation.PRUNE, p);
        try {
            int deleted = files.prune(storeName, p, options.snapshotsToKeep());
            complete(completion, new SnapshotOutcome(SnapshotOperation.PRUNE, storeName, p, "success", -1, 0, 1, 0,
                    deleted, options.snapshotsToKeep()), null);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "pruning snapshots of store '" + storeName + "' partition " + p + " failed", e);
            complete(completion, new SnapshotOutcome(SnapshotOperation.PRUNE, storeName, p, "failure", -1, 0, 1, 0,
                    0, options.snapshotsToKeep()), e);
        }
    }

    /**
     * Runs inside {@code clear()}/{@code purge()}, after events were removed from {@code partition} and
     * before the call returns: bump the epoch and make the fence durable.
     */
    private void onRemoved(int partition, long removed) {
        PartitionState state = partitions[partition];
        synchronized (state.epochLock) {
            state.epoch++;
            try {
                files.writeEpochMarker(storeName, partition, state.epoch);
            } catch (IOException | RuntimeException e) {
                markerFailures.incrementAndGet();
                LOG.log(Level.ERROR, "could not write the epoch marker of store '" + storeName + "' partition "
                        + partition + " after removing " + removed + " event(s); until the next snapshot of this "
                        + "partition, a restart may restore removed events", e);
                if (isRunning()) {
                    enqueue(partition);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Metrics
    // ------------------------------------------------------------------------------------------------

    public SnapshotterMetrics metrics() {
        List<PartitionSnapshotInfo> infos = new ArrayList<>(partitions.length);
        for (int p = 0; p < partitions.length; p++) {
            PartitionState s = partitions[p];
            long pendingEvents = Math.max(0, internals.changeCount(p) - s.changeCountAtLastSnapshot);
            long pendingSince = s.pendingSinceMillis;
            Optional<Instant> pending = pendingEvents > 0 && pendingSince != NOT_PENDING
                    ? Optional.of(Instant.ofEpochMilli(pendingSince)) : Optional.empty();
            infos.add(new PartitionSnapshotInfo(p, s.lastSequence, Optional.ofNullable(s.lastSnapshotAt),
                    pendingEvents, s.lastSaveAttempts, s.successes, s.failures, s.stableCaptureFailures,
                    store.lastSequence(p), store.partitionSize(p), s.consecutiveFailures, pending, s.skippedEvents));
        }
        return new SnapshotterMetrics(infos, droppedJobs.get(), failedJobs.get(), stableCaptureFailures.get(),
                totalSnapshots.get(), bytesWritten.get(), markerFailures.get(), skippedEvents.get(),
                snapshotsSkippedForSchema.get());
    }

    // ------------------------------------------------------------------------------------------------

    private SnapshotListener.Completion notifyStarted(SnapshotOperation operation, int partition) {
        try {
            SnapshotListener.Completion completion = listener.started(operation, storeName, partition);
            return completion == null ? SnapshotListener.Completion.NONE : completion;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "snapshot listener failed", e);
            return SnapshotListener.Completion.NONE;
        }
    }

    private static void complete(SnapshotListener.Completion completion, SnapshotOutcome outcome, Throwable error) {
        try {
            if (error == null) {
                completion.succeeded(outcome);
            } else {
                completion.failed(outcome, error);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "snapshot listener failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Mutable per-partition state; fields are guarded by the state's monitor unless noted. */
    private static final class PartitionState {
        final AtomicBoolean queued = new AtomicBoolean();
        final Object epochLock = new Object();
        volatile long epoch;
        volatile long changeCountAtLastSnapshot;
        volatile long lastSnapshotMillis;
        volatile long lastSequence = -1;
        volatile Instant lastSnapshotAt;
        volatile int lastSaveAttempts;
        volatile long successes;
        volatile long failures;
        volatile long stableCaptureFailures;
        /** Saves that failed (after their retries) since the last success. */
        volatile int consecutiveFailures;
        /** When a tick first saw changes not yet snapshotted, store-clock millis; {@link #NOT_PENDING} when none. */
        volatile long pendingSinceMillis = NOT_PENDING;
        /** Events left out of snapshots because the codec failed on them, each counted once. */
        volatile long skippedEvents;
        /** The newest sequence counted in {@link #skippedEvents}; -1 before the first. */
        long highestSkippedSequence = -1;

        PartitionState(long changeCount, long nowMillis) {
            this.changeCountAtLastSnapshot = changeCount;
            this.lastSnapshotMillis = nowMillis;
        }
    }

    /** The partition's current epoch (bumped by every clear/purge that removed events from it). */
    long epoch(int partition) {
        return partitions[partition].epoch;
    }
}
