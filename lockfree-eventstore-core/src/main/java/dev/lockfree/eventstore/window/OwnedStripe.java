package dev.lockfree.eventstore.window;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The writer of one owned stripe of a {@link BucketWindow}: one thread only ever records through it (see
 * {@link StripeOwners}), so a bucket update is a plain seqlock write with no CAS.
 *
 * <p>Why an object per stripe: a window-on append runs between two claims of the ring, and the claim is a full
 * fence, so nothing of one append overlaps the next: its time is the longest chain of dependent loads it has to
 * walk. Everything the owner's common append needs (the bounds of its last period, the cells index of that
 * period's slot, the cells array) is a field here, one load away from a reference the caller (an
 * {@code Appender}) keeps, instead of behind the window, a per-owner cache array and an index computation.
 *
 * <p>The cached period is owner-only state (plain fields, never read by another thread). The pending drop request
 * of a purge ({@code pendingDrop}) and the {@code retired} flag of a clear are the fields other threads touch.
 */
public final class OwnedStripe {

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    /** A purge's request to an owned stripe: buckets of periods below {@code below} are gone. */
    record Drop(long below) {
    }

    private final BucketWindow window;
    private final long[] cells;
    /** Cells index of this stripe's bucket 0. */
    private final int first;
    private final int buckets;
    private final long widthMillis;

    /**
     * Posted by a purge and withdrawn by the owner, both under the window's drop lock; null when none. Volatile:
     * purges are rare, and a volatile read is a plain load on x86, where the owner checks it before each append.
     */
    private volatile Drop pendingDrop;
    /** Set once, when a clear replaces the window (see {@link BucketWindow#retire}). */
    private volatile boolean retired;

    // Owner only: the period of the owner's last event, its bounds and its slot. Most events fall into the period of
    // the event before, and then need no division and no index computation.
    private long period = BucketWindow.EMPTY_TAG;
    private long start = 1; // start > end: no timestamp hits the cache before the first event
    private long end;
    private int slot;

    OwnedStripe(BucketWindow window, long[] cells, int first, int buckets, long widthMillis) {
        this.window = window;
        this.cells = cells;
        this.first = first;
        this.buckets = buckets;
        this.widthMillis = widthMillis;
    }

    /**
     * Records one event. Same result as {@link BucketWindow#record}, without a CAS, and without a division when the
     * event falls into the same period as the owner's previous one.
     *
     * @return {@code false} if the event was older than the horizon and counted as late
     */
    public boolean record(long timestampMillis, double value) {
        if (dropPending()) {
            carryOutDrop();
        }
        if (timestampMillis >= start && timestampMillis < end) {
            // the period of the last event: maxPeriod >= period already (advanced when cached)
            if (period <= window.maxPeriod() - buckets) {
                window.countLate();
                return false;
            }
            recordAt(slot, value);
            return true;
        }
        final long p = Math.floorDiv(timestampMillis, widthMillis);
        if (!window.advanceTo(p)) {
            return false;
        }
        final int base = first + (int) Math.floorMod(p, (long) buckets) * BucketWindow.SLOT_LONGS;
        if (!write(base, p, value)) {
            return false; // the slot holds a newer period: late, and the cache stays where it was
        }
        if (Math.abs(p) < Long.MAX_VALUE / widthMillis - 1) { // bounds that do not overflow
            period = p;
            start = p * widthMillis;
            end = (p + 1) * widthMillis;
            slot = base;
        }
        return true;
    }

    /**
     * The first half of {@link #record}, for a caller that wants it done before a fence: the cells index of the
     * bucket slot of {@code timestampMillis} if it lies in the period of the owner's previous event, inside the
     * horizon, with no drop pending; else -1 (then call {@link #record}). No side effect.
     */
    public int slotOf(long timestampMillis) {
        // A request seen one append late is harmless: readers apply it themselves meanwhile.
        if (pendingDrop != null
                || timestampMillis < start || timestampMillis >= end || period <= window.maxPeriod() - buckets) {
            return -1;
        }
        return slot;
    }

    /**
     * The second half: adds the value to the slot {@link #slotOf} returned. The cached slot is always labelled with
     * the cached period (the cache is set only after a write that labelled it, and a drop that may empty it clears
     * the cache), so this is the bare seqlock write of the running count, sum, min and max.
     */
    public void recordAt(int at, double value) {
        final long[] cells = this.cells;
        final long version = cells[at + BucketWindow.VERSION]; // only this thread writes it
        CELLS.setOpaque(cells, at + BucketWindow.VERSION, version + 1); // as in write
        VarHandle.storeStoreFence();
        BucketWindow.add(cells, at, value);
        CELLS.setRelease(cells, at + BucketWindow.VERSION, version + 2);
    }

    private boolean write(int base, long p, double value) {
        final long[] cells = this.cells;
        final long version = cells[base + BucketWindow.VERSION]; // only this thread writes it
        // Opaque odd version, then a store-store fence: a reader that sees any of the new values also sees the odd
        // version on its second read (and retries). One writer, so no CAS.
        CELLS.setOpaque(cells, base + BucketWindow.VERSION, version + 1);
        VarHandle.storeStoreFence();
        final boolean recorded = BucketWindow.update(cells, base, p, value);
        // Release: the values are visible before the even version that tells readers the slot is consistent.
        CELLS.setRelease(cells, base + BucketWindow.VERSION, version + 2);
        if (!recorded) {
            window.countLate();
        }
        return recorded;
    }

    /**
     * Whether a clear replaced this stripe's window. Read by the owner after its claim (after the claim's full
     * fence): {@code false} means the replacing clear, if any, reads {@code tail} after that claim, so the
     * claimed position belongs to this window.
     */
    public boolean isRetired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    boolean dropPending() {
        return pendingDrop != null;
    }

    /** The pending drop request, for readers: a request withdrawn by now was carried out before. */
    Drop pendingDropForReaders() {
        return pendingDrop;
    }

    /** Posts a purge's drop request; merges with one still pending (the higher cutoff). Under the drop lock. */
    void postDrop(long periodsBelow) {
        final Drop pending = pendingDrop;
        pendingDrop = new Drop(pending == null ? periodsBelow : Math.max(pending.below(), periodsBelow));
    }

    /** The owner resets the buckets a purge dropped, then withdraws the request (readers stop applying it). */
    private void carryOutDrop() {
        synchronized (window.dropLock()) {
            final Drop drop = pendingDrop;
            for (int base = first; base < first + buckets * BucketWindow.SLOT_LONGS; base += BucketWindow.SLOT_LONGS) {
                final long tag = cells[base + BucketWindow.TAG];
                if (tag != BucketWindow.EMPTY_TAG && tag < drop.below()) {
                    final long version = cells[base + BucketWindow.VERSION];
                    CELLS.setOpaque(cells, base + BucketWindow.VERSION, version + 1); // as in write
                    VarHandle.storeStoreFence();
                    BucketWindow.clearSlot(cells, base);
                    CELLS.setRelease(cells, base + BucketWindow.VERSION, version + 2);
                }
            }
            pendingDrop = null;
            start = 1; // the cached slot may have been emptied: forget it (see recordAt)
            end = 0;
            period = BucketWindow.EMPTY_TAG;
        }
    }
}
