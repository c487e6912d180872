package dev.lockfree.eventstore.window;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-partition arrival statistics in time buckets: count, sum, min and max of the values of the
 * events appended with a timestamp in each bucket, evicted events included.
 *
 * <h2>Layout</h2>
 * Bucket {@code k} covers {@code [k * width, (k + 1) * width)} milliseconds since the epoch (aligned,
 * so every partition and every process agree on the boundaries). The window keeps the newest
 * {@code buckets} periods ending at the highest period seen ({@code maxPeriod}); an event older than
 * that horizon is not bucketed and is counted as late. Each period lives in slot {@code k mod buckets},
 * tagged with {@code k}; a slot holding an older tag is reset when a newer period reaches it, so a slot
 * can never be mislabelled (seed defects BUG-06a and BUG-06b, docs/seed-parity.md#bug-06a and #bug-06b).
 *
 * <h2>Concurrency</h2>
 * Every slot exists once per stripe. There are two kinds of stripes:
 * <ul>
 * <li><b>Shared</b> stripes, written by any thread: a producer updates a slot while holding the slot's version
 *     odd (taken by CAS, released by a release store of the next even value). When the slot is held by another
 *     producer it moves to the same slot of the next shared stripe instead of waiting, LongAdder style, so
 *     producers do not queue behind each other.</li>
 * <li><b>Owned</b> stripes ({@link #recordOwned}, {@link OwnedStripe}), each written by one thread only (the caller guarantees it,
 *     see {@link StripeOwners}). With one writer the version needs no CAS: the owner stores it odd, updates,
 *     and release-stores it even, a plain seqlock writer. The CAS was the largest part of a window-on append.
 *     Since no other thread may write an owned stripe, a purge does not reset its buckets itself: it posts a
 *     drop request that readers apply on the fly (a bucket below the requested cutoff reads as empty) and
 *     that the owner carries out before its next update.</li>
 * </ul>
 * Readers never take a version: they read a slot seqlock style and retry while it changes. Updates are
 * therefore never lost and never torn (seed defect BUG-06c (docs/seed-parity.md#bug-06c)).
 */
public final class BucketWindow {

    static final int VERSION = 0;
    static final int TAG = 1;
    private static final int COUNT = 2;
    private static final int SUM = 3;
    private static final int MIN = 4;
    private static final int MAX = 5;
    /** Longs per slot: 48 bytes, so two producers rarely share a line for long (adjacent periods). */
    static final int SLOT_LONGS = 6;
    static final long EMPTY_TAG = Long.MIN_VALUE;

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MAX_PERIOD;
    private static final VarHandle LATE;
    private static final VarHandle ADVANCES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MAX_PERIOD = lookup.findVarHandle(BucketWindow.class, "maxPeriod", long.class);
            LATE = lookup.findVarHandle(BucketWindow.class, "late", long.class);
            ADVANCES = lookup.findVarHandle(BucketWindow.class, "advances", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long widthMillis;
    private final int buckets;
    /** Shared stripes: [0, stripes). */
    private final int stripes;
    /** Owned stripes: [stripes, stripes + owned). */
    private final int owned;
    private final long[] cells;
    /** The writers of the owned stripes; their drop requests are posted and carried out under {@link #dropLock}. */
    private final OwnedStripe[] ownedStripes;

    private volatile long maxPeriod = EMPTY_TAG;
    private volatile long late;
    /** See {@link #advances()}. */
    private volatile long advances;

    public BucketWindow(long widthMillis, int buckets, int stripes) {
        this(widthMillis, buckets, stripes, 0);
    }

    /**
     * @param stripes shared stripes (a power of two), written by any thread with a CAS
     * @param owned   owned stripes, each written by a single thread through {@link #recordOwned}
     */
    public BucketWindow(long widthMillis, int buckets, int stripes, int owned) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two but was " + stripes);
        }
        if (owned < 0) {
            throw new IllegalArgumentException("owned stripes must not be negative but was " + owned);
        }
        this.widthMillis = widthMillis;
        this.buckets = buckets;
        this.stripes = stripes;
        this.owned = owned;
        this.cells = new long[Math.multiplyExact(Math.multiplyExact(stripes + owned, buckets), SLOT_LONGS)];
        for (int s = 0; s < (stripes + owned) * buckets; s++) {
            cells[s * SLOT_LONGS + TAG] = EMPTY_TAG;
        }
        this.ownedStripes = new OwnedStripe[owned];
        for (int k = 0; k < owned; k++) {
            ownedStripes[k] = new OwnedStripe(this, cells, (stripes + k) * buckets * SLOT_LONGS, buckets, widthMillis);
        }
    }

    /** How many owned stripes {@link #recordOwned} accepts. */
    public int ownedStripes() {
        return owned;
    }

    /** The writer of owned stripe {@code k} ({@code 0 <= k < ownedStripes()}), for its one owner thread. */
    public OwnedStripe ownedStripe(int k) {
        return ownedStripes[k];
    }

    /** Guards posting and carrying out drop requests of the owned stripes. */
    Object dropLock() {
        return ownedStripes;
    }

    /**
     * Marks the window replaced by a clear: every owned stripe reads {@link OwnedStripe#isRetired retired} from now
     * on. The clear calls this before it reads {@code tail} (see {@code partition.WindowEpoch#retire}).
     */
    public void retire() {
        for (OwnedStripe stripe : ownedStripes) {
            stripe.retire();
        }
    }

    void countLate() {
        LATE.getAndAdd(this, 1L);
    }

    public long widthMillis() {
        return widthMillis;
    }

    public int buckets() {
        return buckets;
    }

    public long late() {
        return late;
    }

    /**
     * How many times this window moved forward: each time an event's bucket period was newer than the newest
     * period seen so far ({@link #maxPeriod()} rose). A jump over several buckets counts once; the first event
     * of an empty window does not count (it places the window, it does not move it); events into the current or
     * older buckets, late events and purges do not count. Counted only on the rare path that raises the newest
     * period (about once per bucket width per partition), so the common append pays nothing for it.
     */
    public long advances() {
        return advances;
    }

    public long periodOf(long timestampMillis) {
        return Math.floorDiv(timestampMillis, widthMillis);
    }

    /** Highest period seen, or {@link Long#MIN_VALUE} when nothing was recorded since the last reset. */
    public long maxPeriod() {
        return maxPeriod;
    }

    /**
     * Records one event. {@code probe} picks the first stripe to try (the producer's index).
     *
     * @return {@code false} if the event was older than the horizon and counted as late
     */
    public boolean record(long timestampMillis, double value, int probe) {
        final long period = Math.floorDiv(timestampMillis, widthMillis);
        if (!advanceTo(period)) {
            return false;
        }
        final int bucket = (int) Math.floorMod(period, (long) buckets);
        int stripe = probe & (stripes - 1);
        for (int attempt = 0;; attempt++) {
            final int base = (stripe * buckets + bucket) * SLOT_LONGS;
            final long version = (long) CELLS.getVolatile(cells, base + VERSION);
            if ((version & 1) == 0 && CELLS.compareAndSet(cells, base + VERSION, version, version + 1)) {
                final boolean recorded = update(base, period, value);
                CELLS.setRelease(cells, base + VERSION, version + 2);
                if (!recorded) {
                    LATE.getAndAdd(this, 1L);
                }
                return recorded;
            }
            stripe = (stripe + 1) & (stripes - 1);
            if (attempt >= stripes) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Raises {@link #maxPeriod} to {@code period} if it is newer; counts the event as late and returns
     * {@code false} if it is older than the horizon.
     */
    boolean advanceTo(long period) {
        long max = maxPeriod;
        while (period > max) {
            if (MAX_PERIOD.compareAndSet(this, max, period)) {
                if (max != EMPTY_TAG) {
                    ADVANCES.getAndAdd(this, 1L);
                }
                max = period;
                break;
            }
            max = maxPeriod;
        }
        if (max != EMPTY_TAG && period <= max - buckets) {
            LATE.getAndAdd(this, 1L);
            return false;
        }
        return true;
    }

    /**
     * Records one event into owned stripe {@code ownedStripe} ({@code 0 <= ownedStripe < ownedStripes()}):
     * {@link OwnedStripe#record}. Only one thread may ever call this for a given stripe (a second writer would tear
     * the buckets); {@link StripeOwners} hands the stripes out.
     *
     * @return {@code false} if the event was older than the horizon and counted as late
     */
    public boolean recordOwned(long timestampMillis, double value, int ownedStripe) {
        return ownedStripes[ownedStripe].record(timestampMillis, value);
    }

    static void clearSlot(long[] cells, int base) {
        cells[base + TAG] = EMPTY_TAG;
        cells[base + COUNT] = 0;
        cells[base + SUM] = 0;
        cells[base + MIN] = 0;
        cells[base + MAX] = 0;
    }

    private boolean update(int base, long period, double value) {
        return update(cells, base, period, value);
    }

    /** Called with the slot held. */
    static boolean update(long[] cells, int base, long period, double value) {
        final long tag = cells[base + TAG];
        if (tag == period) {
            add(cells, base, value);
            return true;
        }
        if (tag != EMPTY_TAG && tag > period) {
            return false; // the slot moved on to a newer period while we were deciding: we are late
        }
        cells[base + TAG] = period;
        cells[base + COUNT] = 1;
        final long bits = Double.doubleToRawLongBits(value);
        cells[base + SUM] = bits;
        cells[base + MIN] = bits;
        cells[base + MAX] = bits;
        return true;
    }

    /** Adds one value to a slot that already holds its period. Called with the slot held. */
    static void add(long[] cells, int base, double value) {
        cells[base + COUNT] += 1;
        cells[base + SUM] = Double.doubleToRawLongBits(Double.longBitsToDouble(cells[base + SUM]) + value);
        if (value < Double.longBitsToDouble(cells[base + MIN])) {
            cells[base + MIN] = Double.doubleToRawLongBits(value);
        }
        if (value > Double.longBitsToDouble(cells[base + MAX])) {
            cells[base + MAX] = Double.doubleToRawLongBits(value);
        }
    }

    /**
     * Adds the buckets of periods {@code [fromPeriod, toPeriod]} that lie inside the horizon to
     * {@code into}. Cost: O(min(periods, buckets) * stripes), independent of the number of events.
     */
    public void aggregate(long fromPeriod, long toPeriod, WindowAccumulator into) {
        final long max = maxPeriod;
        if (max == EMPTY_TAG) {
            return;
        }
        final long low = Math.max(fromPeriod, max - buckets + 1);
        final long high = Math.min(toPeriod, max);
        // Read the drop requests before the slots: a request withdrawn by now was carried out before.
        boolean anyDrop = false;
        for (int k = 0; k < owned; k++) {
            final OwnedStripe.Drop drop = ownedStripes[k].pendingDropForReaders();
            anyDrop |= drop != null && low < drop.below();
        }
        for (long period = low; period <= high; period++) {
            final int bucket = (int) Math.floorMod(period, (long) buckets);
            for (int stripe = 0; stripe < stripes + owned; stripe++) {
                if (stripe >= stripes && anyDrop && dropped(stripe - stripes, period)) {
                    continue;
                }
                readSlot((stripe * buckets + bucket) * SLOT_LONGS, period, into);
            }
        }
    }

    /** Whether a pending drop request hides {@code period} of owned stripe {@code k}. */
    private boolean dropped(int k, long period) {
        final OwnedStripe.Drop drop = ownedStripes[k].pendingDropForReaders();
        return drop != null && period < drop.below();
    }

    private void readSlot(int base, long period, WindowAccumulator into) {
        for (int spins = 0;; spins++) {
            final long before = (long) CELLS.getAcquire(cells, base + VERSION);
            if ((before & 1) == 0) {
                final long tag = cells[base + TAG];
                final long count = cells[base + COUNT];
                final long sum = cells[base + SUM];
                final long min = cells[base + MIN];
                final long max = cells[base + MAX];
                VarHandle.loadLoadFence();
                if ((long) CELLS.getVolatile(cells, base + VERSION) == before) {
                    if (tag == period) {
                        into.merge(count, Double.longBitsToDouble(sum), Double.longBitsToDouble(min),
                                Double.longBitsToDouble(max));
                    }
                    return;
                }
            }
            if (spins > 16) {
                Thread.onSpinWait();
            }
        }
    }

    /** Empties the buckets that end at or before {@code cutoffMillis} (entirely older than the cutoff). */
    public void dropOlderThan(long cutoffMillis) {
        // bucket k ends at (k + 1) * width <= cutoff  <=>  k < floor(cutoff / width)
        resetWhere(Math.floorDiv(cutoffMillis, widthMillis));
    }

    private void resetWhere(long periodsBelow) {
        if (owned > 0) {
            synchronized (dropLock()) {
                for (OwnedStripe stripe : ownedStripes) {
                    stripe.postDrop(periodsBelow); // two pending requests merge: nothing was recorded between them
                }
            }
        }
        for (int slot = 0; slot < stripes * buckets; slot++) {
            final int base = slot * SLOT_LONGS;
            for (int spins = 0;; spins++) {
                final long version = (long) CELLS.getVolatile(cells, base + VERSION);
                if ((version & 1) == 0 && CELLS.compareAndSet(cells, base + VERSION, version, version + 1)) {
                    final long tag = cells[base + TAG];
                    if (tag != EMPTY_TAG && tag < periodsBelow) {
                        clearSlot(cells, base);
                    }
                    CELLS.setRelease(cells, base + VERSION, version + 2);
                    break;
                }
                Thread.onSpinWait();
            }
        }
    }
}
