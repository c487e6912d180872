package dev.lockfree.eventstore.stream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The idempotency keys one stream remembers: at most {@code capacity} resolved keys (the newest), each for
 * at most {@code maxAgeMillis}. A key is first <em>reserved</em> (a pending entry, put with
 * {@code putIfAbsent}: exactly one concurrent append with that key wins), then resolved to the version the
 * winner got, or abandoned (removed) if the winner's append failed. Appends that find a pending entry wait
 * for it: that is the only wait in {@link EventStreams}, between retries of the same key, and it lasts as
 * long as the winner takes to check its expected version and claim a slot.
 */
final class DedupeWindow {

    static final long PENDING = -1;
    static final long ABANDONED = -2;

    /** One key: pending, then resolved (version >= 0) or abandoned. */
    static final class Entry {
        final String key;
        /** Written once by the reserving thread (release via volatile), read by waiters. */
        private volatile long version = PENDING;
        private volatile long timestamp;

        Entry(String key) {
            this.key = key;
        }

        Entry(String key, long version, long timestamp) {
            this.key = key;
            this.timestamp = timestamp;
            this.version = version;
        }

        boolean isPending() {
            return version == PENDING;
        }

        long version() {
            return version;
        }

        /** Spins, then yields, then parks in short steps until the reserving append resolved this entry. */
        long awaitResolved() {
            for (int spins = 0;; spins++) {
                long v = version;
                if (v != PENDING) {
                    return v;
                }
                if (spins < 128) {
                    Thread.onSpinWait();
                } else if (spins < 256) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Resolved entries in the order they resolved; the head is the next to forget. */
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger remembered = new AtomicInteger();
    private final int capacity;
    private final long maxAgeMillis;

    DedupeWindow(int capacity, long maxAgeMillis) {
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
    }

    /**
     * The resolved entry of {@code key} if the stream remembers it, else a new pending entry that the
     * caller now owns and must {@link #resolve} or {@link #abandon}. Waits while another append holds the
     * key pending.
     */
    Entry reserve(String key, long nowMillis) {
        for (;;) {
            Entry found = entries.get(key);
            if (found == null) {
                Entry mine = new Entry(key);
                found = entries.putIfAbsent(key, mine);
                if (found == null) {
                    return mine;
                }
            }
            long version = found.awaitResolved();
            if (version == ABANDONED) {
                continue; // its owner removed it before marking it abandoned: the key is free again
            }
            if (nowMillis - found.timestamp > maxAgeMillis) {
                entries.remove(key, found); // beyond the horizon: forget it and append again
                continue;
            }
            return found;
        }
    }

    /** The owner's append got {@code version}: remember it and forget what falls out of the horizon. */
    void resolve(Entry mine, long version, long timestamp) {
        mine.timestamp = timestamp;
        mine.version = version; // volatile: publishes timestamp too
        order.offer(mine);
        remembered.incrementAndGet();
        forgetBeyondHorizon(timestamp);
    }

    /** The owner's append failed: free the key (removed first, so a waiter that wakes up cannot find it). */
    void abandon(Entry mine) {
        entries.remove(mine.key, mine);
        mine.version = ABANDONED;
    }

    /** Remembers a key of a restored record; single-threaded, before the stream is published. */
    void restore(String key, long version, long timestamp, long nowMillis) {
        if (nowMillis - timestamp > maxAgeMillis) {
            return;
        }
        Entry entry = new Entry(key, version, timestamp);
        entries.put(key, entry);
        order.offer(entry);
        remembered.incrementAndGet();
        forgetBeyondHorizon(nowMillis);
    }

    private void forgetBeyondHorizon(long nowMillis) {
        for (;;) {
            Entry oldest = order.peek();
            if (oldest == null) {
                return;
            }
            boolean tooMany = remembered.get() > capacity;
            if (!tooMany && nowMillis - oldest.timestamp <= maxAgeMillis) {
                return;
            }
            if (order.remove(oldest)) { // another thread may have taken it already
                remembered.decrementAndGet();
                entries.remove(oldest.key, oldest);
            }
        }
    }

    /** Keys remembered now (resolved ones; at quiescence exactly the newest {@code capacity} within the age). */
    int size() {
        return remembered.get();
    }
}
