package dev.lockfree.eventstore.stress;

import java.util.Arrays;
import java.util.List;

/**
 * Event ids for stress tests: {@code (producer << 40) | (partition << 32) | seq}. The partition field is
 * the partition the producer asked for, or {@link #UNKNOWN} when the store chose it (unkeyed appends).
 */
public final class Ids {

    public static final int UNKNOWN = 0xFF;

    private Ids() {
    }

    public static long id(int producer, int partition, long seq) {
        return ((long) producer << 40) | ((long) partition << 32) | seq;
    }

    public static int producer(long id) {
        return (int) (id >>> 40);
    }

    public static int partition(long id) {
        return (int) ((id >>> 32) & 0xFF);
    }

    public static long seq(long id) {
        return id & 0xFFFF_FFFFL;
    }

    public static String show(long id) {
        return "P" + producer(id) + "/p" + (partition(id) == UNKNOWN ? "?" : partition(id)) + "/#" + seq(id);
    }

    /** Fails if the list holds a null or the same id twice. */
    public static void assertNoNullNoDuplicate(List<Long> events, String what) {
        long[] sorted = new long[events.size()];
        for (int i = 0; i < sorted.length; i++) {
            Long e = events.get(i);
            if (e == null) {
                throw new AssertionError(what + ": null at index " + i + " of " + events.size());
            }
            sorted[i] = e;
        }
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new AssertionError(what + ": " + show(sorted[i]) + " seen twice in " + events.size() + " events");
            }
        }
    }
}
