package dev.lockfree.eventstore.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.PartitionFeed;
import dev.lockfree.eventstore.snapshot.PartitionRestore;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Feeds an externally fed {@link EventStore} from one Kafka topic: store partition i from topic partition i only,
 * in offset order. It holds the store's {@link PartitionFeed}, so nothing else can append to the store.
 *
 * <p>It is driven by whoever runs the consumer: a Spring Kafka listener container (its rebalance listener calls
 * {@link #assigned}, {@link #revoked} and {@link #lost}, its listener {@link #accept(ConsumerRecord)}) or a plain
 * {@link Consumer} loop ({@link #rebalanceListener(Consumer)} and {@link #acceptAll(Iterable)}). All calls for one
 * partition must come from the consumer's thread, as Kafka makes them.
 *
 * <ul>
 * <li><b>Assignment.</b> With a {@link Snapshotter}, the partition is restored from its newest local snapshot, and
 *     the consumer seeks to the offset right after the snapshot's newest event (the offset travels inside the
 *     snapshot, so events and position cannot disagree). Without a snapshot (or one without an offset), it seeks
 *     per {@link Replay}. Committed group offsets are not used to position the consumer: they only let standard
 *     tools show the lag, since an empty partition must replay its history to hold its newest events.</li>
 * <li><b>Records.</b> Each is decoded and appended with its offset, and, on a store without a timestamp selector,
 *     with the record's timestamp as the event's ({@link PartitionFeed#takesTimestamps()}). A record without a
 *     value, one the decoder rejects, one whose event has no timestamp (the selector fails, or, without a selector,
 *     the record has none), one of a partition the store does not have or this binding does
 *     not own, or one already fed (a redelivery) is skipped, counted by {@link SkipReason}, logged with its
 *     topic-partition-offset and handed to the optional {@link DeadLetterHandler}; consumption goes on.</li>
 * <li><b>Held.</b> An assigned partition is <em>held</em> ({@link #heldPartitions()}) only once its replay caught
 *     up: the records up to the end offset read at assignment were handled (or the consumer reported no lag).
 *     Before that the store partition is still filling, and a query answered from it would be silently short.</li>
 * <li><b>Revocation.</b> A final snapshot of the partition (with a snapshotter), then its events leave this store
 *     ({@link PartitionFeed#release}), so that no two instances of a group answer for one partition. A lost partition
 *     (the group moved on without us) is released without a snapshot.</li>
 * </ul>
 *
 * @param <T> the event type
 */
public final class KafkaStoreBinding<T> {

    private static final System.Logger LOG = System.getLogger(KafkaStoreBinding.class.getName());
    private static final SkipReason[] REASONS = SkipReason.values();

    private final EventStore<T> store;
    private final PartitionFeed<T> feed;
    /** Whether each record's timestamp becomes its event's ({@link PartitionFeed#takesTimestamps()}): fixed per store. */
    private final boolean recordTimestamps;
    private final String storeName;
    private final String topic;
    private final RecordDecoder<T> decoder;
    private final Replay replay;
    private final Snapshotter<T> snapshotter;
    private final DeadLetterHandler deadLetter;
    private final String partitionsKey;
    private final ToLongFunction<? super T> timestampSelector;
    private final Clock clock;
    private final Slot[] slots;
    /** Skips of records that have no store partition (other topic, partition out of range), by reason. */
    private final AtomicLongArray unroutable = new AtomicLongArray(REASONS.length);
    /** The last record topic found equal to {@link #topic}, compared by identity first; consumer thread only. */
    private String lastTopicSeen;

    private KafkaStoreBinding(Builder<T> b) {
        this.store = b.store;
        this.feed = store.claimFeed();
        this.recordTimestamps = feed.takesTimestamps();
        this.storeName = feed.owner().storeName();
        this.topic = b.topic;
        this.decoder = b.decoder;
        this.replay = b.replay;
        this.snapshotter = b.snapshotter;
        this.deadLetter = b.deadLetter;
        this.partitionsKey = b.partitionsKey != null ? b.partitionsKey : "eventstore.stores." + storeName + ".partitions";
        this.timestampSelector = store.options().timestampSelector();
        this.clock = store.options().clock();
        this.slots = new Slot[store.partitions()];
        for (int p = 0; p < slots.length; p++) {
            slots[p] = new Slot();
            // an instance holds only the partitions assigned to it (e.g. after a whole-store restore at start)
            long released = store.partitionSize(p) > 0 ? feed.release(p) : 0;
            if (released > 0) {
                LOG.log(Level.INFO, "store ''{0}'' partition {1}: released {2} event(s) held before the binding; "
                        + "they come back from the snapshot if the partition is assigned here", storeName, p, released);
            }
        }
    }

    /**
     * @param store   an externally fed store ({@code EventStoreBuilder.withExternalFeed}); the binding claims its feed
     * @param topic   the topic that feeds it
     * @param decoder turns a record into an event
     */
    public static <T> Builder<T> builder(EventStore<T> store, String topic, RecordDecoder<T> decoder) {
        return new Builder<>(store, topic, decoder);
    }

    public String topic() {
        return topic;
    }

    public EventStore<T> store() {
        return store;
    }

    public Replay replay() {
        return replay;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * Fails fast when the topic is missing or its partition count differs from the store's.
     *
     * @throws IllegalStateException naming the topic, both counts and the configuration key
     */
    public void verify(Consumer<?, ?> consumer) {
        TopicCheck.verifyPartitionCount(topic, consumer.partitionsFor(topic), slots.length, partitionsKey);
    }

    // ------------------------------------------------------------------------------------------------ rebalance

    /**
     * The partitions were assigned to this consumer: restores each from the local snapshot or chooses its start
     * per {@link Replay}, seeks {@code consumer} there, and returns the positions sought. Partitions of other
     * topics are ignored.
     *
     * @throws IllegalStateException if a partition has no store partition (the counts differ: see {@link #verify})
     * @throws UncheckedIOException  if a snapshot cannot be read
     */
    public Map<TopicPartition, Long> assigned(Collection<TopicPartition> partitions, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> seeks = new LinkedHashMap<>();
        Map<TopicPartition, Long> restoredFrom = new HashMap<>();
        List<TopicPartition> fresh = new ArrayList<>();
        List<TopicPartition> toReplay = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!topic.equals(tp.topic())) {
                continue;
            }
            int p = tp.partition();
            if (p < 0 || p >= slots.length) {
                throw new IllegalStateException("Topic '" + topic + "' partition " + p + " was assigned, but the store "
                        + "has " + slots.length + " partitions (" + partitionsKey + "=" + slots.length + "); store "
                        + "partition i is fed by topic partition i, so both counts must be equal");
            }
            Slot slot = slots[p];
            if (slot.assigned && slot.lastOffset >= 0) {
                seeks.put(tp, slot.lastOffset + 1); // still ours and fed: carry on
                continue;
            }
            slot.caughtUp = false; // before assigned: a reader never sees it assigned and held from before
            slot.assigned = true;
            slot.lag = -1;
            fresh.add(tp);
            if (store.partitionSize(p) > 0) {
                feed.release(p); // left over from an ownership that ended without a revocation
            }
            OptionalLong resumeAfter = restore(p);
            if (resumeAfter.isPresent()) {
                slot.lastOffset = resumeAfter.getAsLong();
                seeks.put(tp, resumeAfter.getAsLong() + 1);
                restoredFrom.put(tp, resumeAfter.getAsLong() + 1);
            } else {
                slot.lastOffset = -1;
                toReplay.add(tp);
            }
        }
        if (!restoredFrom.isEmpty()) {
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(restoredFrom.keySet());
            restoredFrom.forEach((tp, next) -> {
                Long beginning = beginnings.get(tp);
                if (beginning != null && beginning > next) {
                    LOG.log(Level.WARNING, "store ''{0}'' partition {1}: the snapshot resumes at offset {2} but "
                            + "topic ''{3}'' starts at {4} now; the {5} record(s) in between are gone from the topic "
                            + "(retention), so the partition misses them", storeName, tp.partition(), next, topic,
                            beginning, beginning - next);
                }
            });
        }
        if (!toReplay.isEmpty()) {
            seeks.putAll(replayPositions(toReplay, consumer));
        }
        seeks.forEach(consumer::seek);
        catchUpTargets(fresh, seeks, consumer);
        LOG.log(Level.INFO, "store ''{0}'' assigned {1} of topic ''{2}'': seeking {3}", storeName,
                seeks.keySet().stream().map(TopicPartition::partition).toList(), topic, seeks);
        return seeks;
    }

    /**
     * Notes, per newly assigned partition, the end offset its replay must reach before it counts as held; one that
     * starts at (or past) its end is held at once.
     */
    private void catchUpTargets(List<TopicPartition> fresh, Map<TopicPartition, Long> seeks, Consumer<?, ?> consumer) {
        if (fresh.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(fresh);
        } catch (RuntimeException e) {
            // not fatal to the assignment: the partitions count as held once the consumer reports no lag
            LOG.log(Level.WARNING, "store ''{0}'': cannot read the end offsets of {1} ({2}); they count as held once "
                    + "the consumer reports no lag", storeName, fresh, e.toString());
            ends = Map.of();
        }
        for (TopicPartition tp : fresh) {
            Slot slot = slots[tp.partition()];
            Long end = ends.get(tp);
            slot.catchUpTo = end != null ? end : Long.MAX_VALUE;
            Long start = seeks.get(tp);
            if (end != null && start != null && start >= end) {
                slot.caughtUp = true;
            }
        }
    }

    /** Restores {@code p} from the local snapshot; returns the offset of its newest restored record. */
    private OptionalLong restore(int p) {
        if (snapshotter == null) {
            return OptionalLong.empty();
        }
        PartitionRestore restored;
        try {
            restored = snapshotter.restorePartition(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore store '" + storeName + "' partition " + p, e);
        }
        if (restored.eventsRestored() > 0 && restored.sourcePosition().isEmpty()) {
            LOG.log(Level.WARNING, "store ''{0}'' partition {1}: the local snapshot has no Kafka offset (written "
                    + "before the store was fed by Kafka?); dropping its {2} event(s) and replaying per {3}",
                    storeName, p, restored.eventsRestored(), replay);
            feed.release(p);
            return OptionalLong.empty();
        }
        return restored.sourcePosition();
    }

    private Map<TopicPartition, Long> replayPositions(List<TopicPartition> partitions, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        switch (replay) {
            case EARLIEST -> positions.putAll(consumer.beginningOffsets(partitions));
            case LATEST -> positions.putAll(consumer.endOffsets(partitions));
            case WINDOW -> {
                long since = clock.millis() - store.options().windowSize().toMillis();
                // the ends are read before the time query: a record published between the two calls then lies
                // past the end read, and is fed; the other way round it could be past the start and skipped
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(tp -> query.put(tp, Math.max(0, since)));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                for (TopicPartition tp : partitions) {
                    OffsetAndTimestamp at = found.get(tp);
                    // nothing that recent: start at the end (as it was before the query)
                    positions.put(tp, at != null ? at.offset() : ends.get(tp));
                }
            }
        }
        return positions;
    }

    /**
     * The partitions were revoked: for each of ours, a final snapshot (with a snapshotter), then its events leave
     * the store. Commit the positions ({@link #offsetsToCommit()}) before calling this if the caller commits.
     */
    public void revoked(Collection<TopicPartition> partitions) {
        leave(partitions, true);
    }

    /** The partitions were lost (the group moved on): their events leave the store, no snapshot. */
    public void lost(Collection<TopicPartition> partitions) {
        leave(partitions, false);
    }

    private void leave(Collection<TopicPartition> partitions, boolean snapshot) {
        for (TopicPartition tp : partitions) {
            if (!topic.equals(tp.topic()) || tp.partition() < 0 || tp.partition() >= slots.length) {
                continue;
            }
            int p = tp.partition();
            Slot slot = slots[p];
            if (!slot.assigned) {
                continue;
            }
            if (snapshot && snapshotter != null) {
                try {
                    snapshotter.snapshotPartitionNow(p);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "final snapshot of store '" + storeName + "' partition " + p
                            + " on revocation failed; the previous snapshot stays the resume point", e);
                }
            }
            slot.assigned = false;
            slot.caughtUp = false;
            slot.lag = -1;
            long released = feed.release(p);
            LOG.log(Level.INFO, "store ''{0}'' partition {1} {2}: released {3} event(s) at offset {4}", storeName, p,
                    snapshot ? "revoked" : "lost", released, slot.lastOffset);
        }
    }

    /**
     * A rebalance listener for a plain {@link Consumer} loop: assignment and loss as above; revocation first
     * commits the revoked partitions' positions synchronously (so that tools show the lag; a failure is logged),
     * then snapshots and releases.
     */
    public ConsumerRebalanceListener rebalanceListener(Consumer<?, ?> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned(partitions, consumer);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>(offsetsToCommit());
                commit.keySet().retainAll(partitions);
                if (!commit.isEmpty()) {
                    try {
                        consumer.commitSync(commit);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "commit on revocation of store '" + storeName + "' failed", e);
                    }
                }
                revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                lost(partitions);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ records

    /**
     * Handles records in the order given (a poll's records: each partition's in offset order).
     *
     * @return how many were appended
     */
    public int acceptAll(Iterable<? extends ConsumerRecord<?, byte[]>> records) {
        int appended = 0;
        for (ConsumerRecord<?, byte[]> record : records) {
            if (accept(record)) {
                appended++;
            }
        }
        return appended;
    }

    /**
     * Decodes one record and appends it to the store partition of its topic partition, or skips it (see the
     * class comment). Never throws for a bad record.
     *
     * @return whether it was appended
     */
    public boolean accept(ConsumerRecord<?, byte[]> record) {
        String recordTopic = record.topic();
        // the consumer hands out one String instance per topic: compare the characters only when it is another
        if (recordTopic != lastTopicSeen) {
            if (!topic.equals(recordTopic)) {
                return skipUnroutable(record, SkipReason.OTHER_TOPIC, "the binding reads topic '" + topic + "'");
            }
            lastTopicSeen = recordTopic;
        }
        int p = record.partition();
        if (p < 0 || p >= slots.length) {
            return skipUnroutable(record, SkipReason.PARTITION_OUT_OF_RANGE,
                    "the store has " + slots.length + " partitions (" + partitionsKey + ")");
        }
        Slot slot = slots[p];
        if (!slot.assigned) {
            return skip(slot, record, SkipReason.NOT_ASSIGNED, null, "partition " + p + " is not assigned here");
        }
        boolean appended = feed(p, slot, record);
        if (!slot.caughtUp && slot.lastOffset + 1 >= slot.catchUpTo) {
            slot.caughtUp = true; // after the append: a reader that sees it held sees the events up to here
        }
        return appended;
    }

    /** Appends a record of an assigned partition, or skips it. */
    private boolean feed(int p, Slot slot, ConsumerRecord<?, byte[]> record) {
        long offset = record.offset();
        long last = slot.lastOffset;
        if (offset <= last) {
            return skip(slot, record, SkipReason.ALREADY_FED, null, "offset " + last + " was fed already");
        }
        slot.setLastOffset(offset);
        if (record.value() == null) {
            return skip(slot, record, SkipReason.NULL_VALUE, null, "tombstone");
        }
        T event;
        try {
            event = decoder.decode(record);
        } catch (Exception e) {
            return skip(slot, record, SkipReason.UNDECODABLE, e, "the decoder failed");
        }
        if (event == null) {
            return skip(slot, record, SkipReason.UNDECODABLE, null, "the decoder returned null");
        }
        if (timestampSelector != null) {
            try {
                timestampSelector.applyAsLong(event);
            } catch (RuntimeException e) {
                return skip(slot, record, SkipReason.MISSING_TIMESTAMP, e, "the timestamp selector failed");
            }
        }
        if (recordTimestamps && record.timestamp() < 0) {
            return skip(slot, record, SkipReason.MISSING_TIMESTAMP, null,
                    "the record has no timestamp, and the store takes its events' timestamps from the records");
        }
        try {
            if (recordTimestamps) {
                feed.append(p, event, offset, record.timestamp());
            } else {
                feed.append(p, event, offset);
            }
        } catch (IllegalStateException e) {
            throw e; // a second thread feeding the partition: a bug of the caller, not a bad record
        } catch (RuntimeException e) {
            return skip(slot, record, SkipReason.UNDECODABLE, e, "a selector of the store failed on the event");
        }
        slot.countConsumed();
        return true;
    }

    private boolean skipUnroutable(ConsumerRecord<?, byte[]> record, SkipReason reason, String why) {
        unroutable.incrementAndGet(reason.ordinal());
        report(record, reason, null, why);
        return false;
    }

    private boolean skip(Slot slot, ConsumerRecord<?, byte[]> record, SkipReason reason, Exception cause, String why) {
        slot.skipped.incrementAndGet(reason.ordinal());
        report(record, reason, cause, why);
        return false;
    }

    private void report(ConsumerRecord<?, byte[]> record, SkipReason reason, Exception cause, String why) {
        // the cause's class only at WARNING: its message may quote the value, which may hold anything
        LOG.log(Level.WARNING, "store ''{0}'' skipped record {1}-{2}@{3} ({4}): {5}{6}", storeName, record.topic(),
                record.partition(), record.offset(), reason.tag(), why,
                cause == null ? "" : " (" + cause.getClass().getName() + ")");
        if (cause != null) {
            LOG.log(Level.DEBUG, "record " + record.topic() + "-" + record.partition() + "@" + record.offset(), cause);
        }
        if (deadLetter != null) {
            try {
                deadLetter.deadLetter(record, reason, cause);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "dead-letter handler of store '" + storeName + "' failed on record "
                        + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    /** Positions to commit: the offset after the last record handled, per assigned partition that has one. */
    public Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < slots.length; p++) {
            Slot slot = slots[p];
            long last = slot.lastOffset;
            if (slot.assigned && last >= 0) {
                offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(last + 1));
            }
        }
        return offsets;
    }

    /** Takes each assigned partition's lag from the consumer's last fetch ({@link Consumer#currentLag}). */
    public void updateLag(Consumer<?, ?> consumer) {
        for (int p = 0; p < slots.length; p++) {
            if (slots[p].assigned) {
                OptionalLong lag = consumer.currentLag(new TopicPartition(topic, p));
                if (lag.isPresent()) {
                    slots[p].lag = lag.getAsLong();
                    if (lag.getAsLong() == 0) {
                        // the position reached the end (past any offsets that carry no record, e.g. transaction
                        // markers), which is at least the end read at assignment
                        slots[p].caughtUp = true;
                    }
                }
            }
        }
    }

    /** Computes each assigned partition's lag from known end offsets (e.g. {@code consumer.endOffsets}). */
    public void updateLag(Map<TopicPartition, Long> endOffsets) {
        endOffsets.forEach((tp, end) -> {
            if (topic.equals(tp.topic()) && tp.partition() >= 0 && tp.partition() < slots.length && end != null) {
                Slot slot = slots[tp.partition()];
                if (slot.assigned) {
                    slot.lag = Math.max(0, end - (slot.lastOffset + 1));
                }
            }
        });
    }

    /** The partitions this binding owns now. */
    public SortedSet<Integer> assignedPartitions() {
        SortedSet<Integer> assigned = new TreeSet<>();
        for (int p = 0; p < slots.length; p++) {
            if (slots[p].assigned) {
                assigned.add(p);
            }
        }
        return assigned;
    }

    /**
     * The partitions this binding owns <em>and</em> whose replay caught up (see the class comment): those whose
     * events a query may count. An assigned partition still replaying is not among them.
     */
    public SortedSet<Integer> heldPartitions() {
        SortedSet<Integer> held = new TreeSet<>();
        for (int p = 0; p < slots.length; p++) {
            Slot slot = slots[p];
            if (slot.assigned && slot.caughtUp) {
                held.add(p);
            }
        }
        return held;
    }

    /** Whether {@code partition} is held: assigned here and caught up (see {@link #heldPartitions()}). */
    public boolean isHeld(int partition) {
        if (partition < 0 || partition >= slots.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, " + slots.length + ")");
        }
        Slot slot = slots[partition];
        return slot.assigned && slot.caughtUp;
    }

    public PartitionStats partitionStats(int partition) {
        if (partition < 0 || partition >= slots.length) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, " + slots.length + ")");
        }
        Slot slot = slots[partition];
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        for (SkipReason reason : REASONS) {
            long n = slot.skipped.get(reason.ordinal());
            if (n > 0) {
                skipped.put(reason, n);
            }
        }
        long lag = slot.lag;
        return new PartitionStats(partition, slot.assigned, slot.lastOffset, slot.consumed, skipped,
                lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag));
    }

    public List<PartitionStats> partitionStats() {
        List<PartitionStats> stats = new ArrayList<>(slots.length);
        for (int p = 0; p < slots.length; p++) {
            stats.add(partitionStats(p));
        }
        return stats;
    }

    /** Records skipped, by reason, over every partition and the records that had none. */
    public Map<SkipReason, Long> skipped() {
        Map<SkipReason, Long> totals = new EnumMap<>(SkipReason.class);
        for (SkipReason reason : REASONS) {
            long n = unroutable.get(reason.ordinal());
            for (Slot slot : slots) {
                n += slot.skipped.get(reason.ordinal());
            }
            if (n > 0) {
                totals.put(reason, n);
            }
        }
        return totals;
    }

    @Override
    public String toString() {
        return "KafkaStoreBinding[store=" + storeName + ", topic=" + topic + ", replay=" + replay + "]";
    }

    /**
     * Per-partition state: written by the consumer thread, read by anyone. The two counters written per record are
     * volatile for their readers, but the one writer stores them with release semantics (no full fence per record).
     */
    private static final class Slot {
        private static final VarHandle LAST_OFFSET;
        private static final VarHandle CONSUMED;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                LAST_OFFSET = lookup.findVarHandle(Slot.class, "lastOffset", long.class);
                CONSUMED = lookup.findVarHandle(Slot.class, "consumed", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile boolean assigned;
        /** Whether the replay since assignment reached {@link #catchUpTo}. */
        volatile boolean caughtUp;
        volatile long lastOffset = -1;
        volatile long consumed;
        volatile long lag = -1;
        /** The end offset read at assignment (MAX_VALUE when unknown); consumer thread only. */
        long catchUpTo = Long.MAX_VALUE;
        final AtomicLongArray skipped = new AtomicLongArray(REASONS.length);

        void setLastOffset(long offset) {
            LAST_OFFSET.setRelease(this, offset);
        }

        void countConsumed() {
            CONSUMED.setRelease(this, (long) CONSUMED.get(this) + 1); // one writer
        }
    }

    /** Configures a {@link KafkaStoreBinding}. */
    public static final class Builder<T> {
        private final EventStore<T> store;
        private final String topic;
        private final RecordDecoder<T> decoder;
        private Replay replay = Replay.WINDOW;
        private Snapshotter<T> snapshotter;
        private DeadLetterHandler deadLetter;
        private String partitionsKey;

        private Builder(EventStore<T> store, String topic, RecordDecoder<T> decoder) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.topic = Objects.requireNonNull(topic, "topic must not be null");
            this.decoder = Objects.requireNonNull(decoder, "decoder must not be null");
            if (!store.isExternallyFed()) {
                throw new IllegalArgumentException("The store must be externally fed (EventStoreBuilder.withExternalFeed)"
                        + " to be bound to topic '" + topic + "'");
            }
        }

        /** Where a partition without a usable local snapshot starts; {@link Replay#WINDOW} by default. */
        public Builder<T> replay(Replay replay) {
            this.replay = Objects.requireNonNull(replay, "replay must not be null");
            return this;
        }

        /**
         * Restores assigned partitions from, and snapshots revoked ones to, this snapshotter's directory. Do not
         * also call its whole-store {@code restore()}: partitions are restored as they are assigned.
         */
        public Builder<T> snapshotter(Snapshotter<T> snapshotter) {
            this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter must not be null");
            return this;
        }

        public Builder<T> deadLetter(DeadLetterHandler deadLetter) {
            this.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter must not be null");
            return this;
        }

        /** The configuration key of the store's partition count, named in errors; default {@code eventstore.stores.<name>.partitions}. */
        public Builder<T> partitionsKey(String partitionsKey) {
            this.partitionsKey = Objects.requireNonNull(partitionsKey, "partitionsKey must not be null");
            return this;
        }

        /** Claims the store's feed: build one binding per store. */
        public KafkaStoreBinding<T> build() {
            return new KafkaStoreBinding<>(this);
        }
    }
}
