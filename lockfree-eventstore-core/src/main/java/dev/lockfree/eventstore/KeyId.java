package dev.lockfree.eventstore;

/**
 * A dense int key id bound to the {@link EventStore} that issued it ({@link EventStore#keyId(String)},
 * {@link EventStore#keyId(int)}), with its partition worked out once: appends by {@code KeyId} skip the routing
 * hash, the key selector and the string key's hash (the C# seed's {@code KeyId} overloads).
 *
 * <p>A key id routes as the {@code int} itself would (as {@link EventStore#partitionFor(Object)} of the boxed id),
 * which is where a key selector returning the id, such as {@link Event#storeBuilder()}'s {@code Event::key}, sends
 * the event; so {@code tryAppend(store.keyId(e.key()), e)} and {@code tryAppend(e)} agree. A string key routes by
 * the string instead ({@link EventStore#tryAppend(String, Object)}): use one or the other for a given key.
 *
 * <p>Only the store that issued a key id accepts it: another store (whose partition count may differ) refuses
 * it with an {@link IllegalArgumentException}. Equal when issued by the same store for the same id; the hash code
 * is the id, so a key id used as a plain routing key routes the same way.
 */
public final class KeyId {

    private final EventStore<?> store;
    private final int id;
    private final int partition;

    KeyId(EventStore<?> store, int id, int partition) {
        this.store = store;
        this.id = id;
        this.partition = partition;
    }

    public int id() {
        return id;
    }

    /** The partition the issuing store appends this key's events to. */
    public int partition() {
        return partition;
    }

    /** Whether {@code candidate} issued this key id. */
    boolean issuedBy(EventStore<?> candidate) {
        return store == candidate;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyId k && k.store == store && k.id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "KeyId(" + id + ")";
    }
}
