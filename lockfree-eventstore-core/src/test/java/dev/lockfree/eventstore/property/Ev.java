package dev.lockfree.eventstore.property;

/**
 * The event type of the property tests: a unique id (so that identity is visible in every comparison),
 * a routing key, a timestamp in epoch milliseconds and an integral value (so that sums are exact in
 * any order).
 */
record Ev(int id, String key, long ts, double value) {

    @Override
    public String toString() {
        return "#" + id + "(" + key + ",t=" + ts + ",v=" + (long) value + ")";
    }
}
