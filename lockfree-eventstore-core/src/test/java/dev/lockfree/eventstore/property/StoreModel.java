package dev.lockfree.eventstore.property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequential reference model of an {@code EventStore}: per partition a FIFO of at most
 * {@code capacity} events. A full partition evicts its oldest event (or, with the reject policy,
 * refuses the new one). Purge removes the events with a timestamp before the cutoff and keeps the
 * order of the rest; clear empties everything. {@code onCapacityReached} is edge-triggered: it fires
 * when a partition comes to hold {@code capacity} events, once, until a clear or purge removes
 * something from that partition.
 */
final class StoreModel {

    final int partitions;
    final int capacity;
    final boolean reject;

    final List<ArrayDeque<Ev>> parts = new ArrayList<>();
    final boolean[] armed;
    final long[] partAppended;
    final long[] partDiscarded;
    final long[] partRejected;
    final long[] partRemoved;

    long appended;
    long discarded;
    long rejected;
    long purged;
    long cleared;
    /** Every evicted event, in eviction order: what onDiscarded must have received. */
    final List<Ev> discardedEvents = new ArrayList<>();
    /** How many times onCapacityReached must have fired. */
    int capacityReached;

    StoreModel(int partitions, int capacity, boolean reject) {
        this.partitions = partitions;
        this.capacity = capacity;
        this.reject = reject;
        this.armed = new boolean[partitions];
        this.partAppended = new long[partitions];
        this.partDiscarded = new long[partitions];
        this.partRejected = new long[partitions];
        this.partRemoved = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            parts.add(new ArrayDeque<>());
            armed[p] = true;
        }
    }

    boolean append(int p, Ev e) {
        ArrayDeque<Ev> d = parts.get(p);
        if (d.size() == capacity) {
            if (reject) {
                rejected++;
                partRejected[p]++;
                fire(p);
                return false;
            }
            Ev oldest = d.removeFirst();
            discarded++;
            partDiscarded[p]++;
            discardedEvents.add(oldest);
        }
        d.addLast(e);
        appended++;
        partAppended[p]++;
        if (d.size() == capacity) {
            fire(p);
        }
        return true;
    }

    private void fire(int p) {
        if (armed[p]) {
            armed[p] = false;
            capacityReached++;
        }
    }

    void clear() {
        for (int p = 0; p < partitions; p++) {
            int n = parts.get(p).size();
            parts.get(p).clear();
            cleared += n;
            partRemoved[p] += n;
            if (n > 0) {
                armed[p] = true;
            }
        }
    }

    long purge(long cutoff) {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            ArrayDeque<Ev> d = parts.get(p);
            int before = d.size();
            d.removeIf(e -> e.ts() < cutoff);
            int n = before - d.size();
            partRemoved[p] += n;
            total += n;
            if (n > 0) {
                armed[p] = true;
            }
        }
        purged += total;
        return total;
    }

    List<Ev> partition(int p) {
        return List.copyOf(parts.get(p));
    }

    List<Ev> all() {
        List<Ev> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    long count() {
        long n = 0;
        for (ArrayDeque<Ev> d : parts) {
            n += d.size();
        }
        return n;
    }

    boolean isFull() {
        for (ArrayDeque<Ev> d : parts) {
            if (d.size() < capacity) {
                return false;
            }
        }
        return true;
    }
}
