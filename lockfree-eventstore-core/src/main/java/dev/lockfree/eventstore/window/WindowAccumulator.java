package dev.lockfree.eventstore.window;

/** Mutable count/sum/min/max used while merging buckets on the reading thread. */
public final class WindowAccumulator {

    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void merge(long otherCount, double otherSum, double otherMin, double otherMax) {
        if (otherCount == 0) {
            return;
        }
        count += otherCount;
        sum += otherSum;
        min = Math.min(min, otherMin);
        max = Math.max(max, otherMax);
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    /** Smallest value, or 0 when empty. */
    public double min() {
        return count == 0 ? 0 : min;
    }

    /** Largest value, or 0 when empty. */
    public double max() {
        return count == 0 ? 0 : max;
    }
}
