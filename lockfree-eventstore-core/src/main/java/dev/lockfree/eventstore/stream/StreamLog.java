package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The version index of one stream: linked {@link LogSegment}s of slots, one per version.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li><b>Append</b>: find the <em>end</em> (the first free slot, walking from the {@code head} hint), check
 *     the expected version against {@code end - 1}, build the record for version {@code end}, CAS the slot
 *     from {@code null} to the record. The CAS is the linearisation point: it assigns the version and
 *     publishes the event at once, so there is never a claimed-but-unpublished version. A failed CAS means
 *     another append took that version; retry from the new end (a conditional append then fails).</li>
 * <li><b>Invariant</b>: slots fill in version order (an append only targets the first free slot, found by
 *     walking filled ones), and a filled slot never becomes free. So a reader that stops at the first free
 *     slot has seen a gap-free run, and every reader sees the same order.</li>
 * <li><b>head</b> is only a hint, moved forward past filled slots (never past a free one).</li>
 * <li><b>Eviction</b>: {@code oldest} moves forward (CAS to the max) when the store evicts or removes a
 *     version; every version below it is gone from the stream (a stream keeps a gap-free suffix). Whole
 *     segments below it are unlinked, the remaining slots below it are set to {@link LogSegment#EVICTED}
 *     so their events can be collected.</li>
 * <li><b>Seal</b>: forgetting the stream ({@link EventStreams}) CASes its first free slot from {@code null} to
 *     {@link LogSegment#SEALED}. That CAS is the forget's linearisation point: an append either claimed a
 *     version below it before (and is part of the forgotten stream) or finds the seal, claims nothing here and
 *     retries on a fresh log. Readers treat a sealed log as absent.</li>
 * <li><b>Pending</b>: every append counts itself in {@code pending} from before its claim until its record
 *     is in the store and {@code lastPosition} covers it. With {@code pending == 0} read after the end, every
 *     version below that end is in the store (or has left it) at a ring position at most {@code lastPosition}.</li>
 * </ul>
 */
final class StreamLog<E> {

    private static final VarHandle HEAD;
    private static final VarHandle OLDEST;
    private static final VarHandle FIRST;
    private static final VarHandle KEYS;
    private static final VarHandle LAST_TIMESTAMP;
    private static final VarHandle PENDING;
    private static final VarHandle LAST_POSITION;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(StreamLog.class, "head", long.class);
            OLDEST = lookup.findVarHandle(StreamLog.class, "oldest", long.class);
            FIRST = lookup.findVarHandle(StreamLog.class, "first", LogSegment.class);
            KEYS = lookup.findVarHandle(StreamLog.class, "keys", DedupeWindow.class);
            LAST_TIMESTAMP = lookup.findVarHandle(StreamLog.class, "lastTimestamp", long.class);
            PENDING = lookup.findVarHandle(StreamLog.class, "pending", int.class);
            LAST_POSITION = lookup.findVarHandle(StreamLog.class, "lastPosition", long.class);
            QUEUED = lookup.findVarHandle(StreamLog.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String name;
    final int partition;
    /** No slot below it is free; appends and readers start looking for the end here. */
    private volatile long head;
    /** Oldest version still in the stream; never above the end. */
    private volatile long oldest;
    /** Oldest linked segment; its base is at most {@code oldest}. */
    private volatile LogSegment first;
    /** Newest segment seen by someone: a hint to skip the walk from {@code first}. May lag or be unlinked. */
    private volatile LogSegment last;
    /** Created on the first keyed append. */
    private volatile DedupeWindow keys;
    /**
     * The newest timestamp assigned, raised right after each claim, so before the record reaches the store:
     * a version evicted (hence stored) has already raised it, and the next version never gets an earlier one.
     */
    private volatile long lastTimestamp = Long.MIN_VALUE;
    /** Appends between their claim attempt and the end of their store append (see the protocol). */
    private volatile int pending;
    /**
     * At least the store position (sequence of the partition) of every record of this log that reached the
     * store; raised after each store append, and by clear/purge (which may move records) and restores.
     */
    private volatile long lastPosition = -1;
    /** Whether this log sits in the queue of reclaim candidates. */
    private volatile boolean queued;

    StreamLog(String name, int partition) {
        this.name = name;
        this.partition = partition;
        this.first = new LogSegment(0, LogSegment.FIRST_LENGTH);
        this.last = first;
    }

    /**
     * A log holding restored versions {@code retained} (consecutive, ascending) and continuing at
     * {@code end}. Built before it is published, so plain stores suffice (the map insertion publishes).
     */
    StreamLog(String name, int partition, List<StreamRecord<E>> retained, long end) {
        this.name = name;
        this.partition = partition;
        long base = retained.isEmpty() ? end : retained.get(0).version();
        LogSegment segment = new LogSegment(base, Math.max(LogSegment.FIRST_LENGTH, retained.size()));
        for (StreamRecord<E> record : retained) {
            segment.fill(record.version(), record);
            lastTimestamp = Math.max(lastTimestamp, record.timestamp());
        }
        this.first = segment;
        this.last = segment;
        this.oldest = base;
        this.head = end;
    }

    // ------------------------------------------------------------------------------------------------
    // Slots
    // ------------------------------------------------------------------------------------------------

    /** The segment holding {@code version}, or null if it is below the linked segments or not allocated. */
    private LogSegment segmentFor(long version, boolean grow) {
        LogSegment s = last;
        if (version < s.base) {
            s = first;
            if (version < s.base) {
                return null;
            }
        }
        while (version >= s.end()) {
            LogSegment n = grow ? s.nextOrAppend() : s.next();
            if (n == null) {
                return null;
            }
            s = n;
        }
        if (s != last && s.base > last.base) {
            last = s; // a hint: a racing write of an older segment only costs a longer walk
        }
        return s;
    }

    /** The content of {@code version}'s slot: {@code null} (free), a record, or {@link LogSegment#EVICTED}. */
    Object slot(long version) {
        LogSegment s = segmentFor(version, false);
        if (s != null) {
            return s.get(version);
        }
        return version < first.base ? LogSegment.EVICTED : null;
    }

    /**
     * The first free version: the stream's current version plus one. Never waits: walks filled slots from the
     * {@code head} hint to the first free one (lock-free; only appends landing ahead of the walk prolong it).
     */
    long end() {
        long e = scanEnd();
        return e >= 0 ? e : -e - 1;
    }

    /** Whether the stream was forgotten: its first non-filled slot is {@link LogSegment#SEALED}. */
    boolean isSealed() {
        return scanEnd() < 0;
    }

    /** The end {@code e}, or {@code -e - 1} if slot {@code e} is sealed. */
    long scanEnd() {
        long h = head;
        LogSegment s = segmentFor(h, false);
        if (s == null) {
            LogSegment f = first;
            if (h >= f.base) {
                return h; // the segment of h is not even allocated: h is free
            }
            h = f.base; // evicted slots are filled slots
            s = f;
        }
        for (;;) {
            if (h >= s.end()) {
                s = s.next();
                if (s == null) {
                    break;
                }
                continue;
            }
            Object slot = s.get(h);
            if (slot == null) {
                break;
            }
            if (slot == LogSegment.SEALED) {
                advanceHead(h);
                return -h - 1;
            }
            h++;
        }
        advanceHead(h);
        return h;
    }

    private void advanceHead(long h) {
        long current = head;
        while (current < h && !HEAD.weakCompareAndSet(this, current, h)) {
            current = head;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Append
    // ------------------------------------------------------------------------------------------------

    /**
     * Assigns the next version to {@code event}, if the stream's current version satisfies {@code expected}.
     * Lock-free: each retry follows a successful append by another thread.
     *
     * @return the record, whose {@code version()} is the version assigned, or null if the log is sealed (nothing
     *         was appended: retry on a fresh log)
     * @throws WrongExpectedVersionException with the current version the check saw
     */
    StreamRecord<E> append(E event, ExpectedVersion expected, String idempotencyKey, Clock clock) {
        for (;;) {
            final long scanned = scanEnd();
            if (scanned < 0) {
                return null;
            }
            final long end = scanned;
            if (!expected.matches(end - 1)) {
                // Linearisation point: end() read slot `end` free while slot `end - 1` was filled.
                throw new WrongExpectedVersionException(name, expected, end - 1);
            }
            final LogSegment segment = segmentFor(end, true);
            if (segment == null) {
                continue; // `end` went stale: since then it was filled and even evicted (below the first segment)
            }
            final StreamRecord<E> record = new StreamRecord<>(name, end, timestampAfter(end, clock),
                    idempotencyKey, event);
            if (segment.claim(end, record)) {
                advanceHead(end + 1);
                raiseLastTimestamp(record.timestamp());
                return record;
            }
        }
    }

    /**
     * The clock, but never before the previous version's timestamp: timestamps follow versions. The previous
     * record is in its slot unless evicted, and then {@code lastTimestamp} already covers it.
     */
    private long timestampAfter(long version, Clock clock) {
        long t = Math.max(clock.millis(), lastTimestamp);
        if (version > 0 && slot(version - 1) instanceof StreamRecord<?> previous) {
            return Math.max(t, previous.timestamp());
        }
        return t;
    }

    private void raiseLastTimestamp(long timestamp) {
        long current = lastTimestamp;
        while (current < timestamp && !LAST_TIMESTAMP.weakCompareAndSet(this, current, timestamp)) {
            current = lastTimestamp;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------

    /** Oldest retained version, or the end when the stream retains none. */
    long oldest() {
        return oldest;
    }

    /**
     * Up to {@code maxCount} consecutive versions from {@code fromVersion} (or from the oldest retained).
     * Never waits: stops at the first free slot. A version evicted while it is read restarts the run after it,
     * so the result is always a gap-free run the stream held.
     */
    @SuppressWarnings("unchecked")
    StreamSlice<E> read(long fromVersion, int maxCount) {
        final long oldestAtStart = oldest;
        long v = Math.max(fromVersion, oldestAtStart);
        LogSegment s = segmentFor(v, false);
        if (s == null && v < first.base) { // evicted since we read oldest
            s = first;
            v = s.base;
        }
        List<StreamRecord<E>> out = new ArrayList<>(Math.min(maxCount, 64));
        while (s != null && out.size() < maxCount) {
            if (v >= s.end()) {
                s = s.next();
                continue;
            }
            Object slot = s.get(v);
            if (slot == null || slot == LogSegment.SEALED) {
                break;
            }
            if (slot == LogSegment.EVICTED) {
                out.clear(); // everything before it is gone too: keep the run gap-free
            } else {
                out.add((StreamRecord<E>) slot);
            }
            v++;
        }
        long end = end();
        return new StreamSlice<>(name, fromVersion, out, oldestAtStart < end ? oldestAtStart : -1, end - 1, v);
    }

    // ------------------------------------------------------------------------------------------------
    // Eviction
    // ------------------------------------------------------------------------------------------------

    /** Removes {@code version} and every older version from the stream; {@code version} must be below the end. */
    void evictThrough(long version) {
        final long target = version + 1;
        long previous;
        do {
            previous = oldest;
            if (previous >= target) {
                return;
            }
        } while (!OLDEST.compareAndSet(this, previous, target));
        for (;;) { // unlink the segments wholly below target, keeping at least one
            LogSegment f = first;
            LogSegment n = f.next();
            if (n == null || n.base > target) {
                break;
            }
            FIRST.compareAndSet(this, f, n);
        }
        LogSegment f = first;
        for (long v = Math.max(previous, f.base); v < Math.min(target, f.end()); v++) {
            f.evict(v);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Forgetting
    // ------------------------------------------------------------------------------------------------

    /** Counts an append in from before its claim attempt; pair with {@link #exit}. */
    void enter() {
        PENDING.getAndAdd(this, 1);
    }

    /** Counts an append out, after its record reached the store and {@link #raisePosition} covered it. */
    void exit() {
        PENDING.getAndAdd(this, -1);
    }

    int pending() {
        return pending;
    }

    long lastPosition() {
        return lastPosition;
    }

    /** Raises {@code lastPosition} to {@code position} (a max). */
    void raisePosition(long position) {
        long current = lastPosition;
        while (current < position && !LAST_POSITION.weakCompareAndSet(this, current, position)) {
            current = lastPosition;
        }
    }

    /**
     * Seals the log at {@code end} if that slot is still free: the stream is forgotten. Fails if any append
     * claimed {@code end} (or the log is sealed already).
     */
    boolean seal(long end) {
        LogSegment s = segmentFor(end, true);
        return s != null && s.claim(end, LogSegment.SEALED);
    }

    /** Marks the log as queued for reclaim; false if it already was. */
    boolean markQueued() {
        return !queued && QUEUED.compareAndSet(this, false, true);
    }

    void unmarkQueued() {
        queued = false;
    }

    // ------------------------------------------------------------------------------------------------
    // Idempotency keys
    // ------------------------------------------------------------------------------------------------

    DedupeWindow keys(EventStreamsOptions options) {
        DedupeWindow k = keys;
        if (k != null) {
            return k;
        }
        k = new DedupeWindow(options.dedupeKeysPerStream(), options.dedupeMaxAge().toMillis());
        return KEYS.compareAndSet(this, null, k) ? k : keys;
    }

    /** The keys, or null if no keyed append reached this stream. */
    DedupeWindow keysIfAny() {
        return keys;
    }
}
