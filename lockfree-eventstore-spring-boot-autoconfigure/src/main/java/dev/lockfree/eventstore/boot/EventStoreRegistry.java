package dev.lockfree.eventstore.boot;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import dev.lockfree.eventstore.EventStore;

/**
 * Every store of the application by name: those configured under {@code eventstore.stores.*} and those
 * declared by {@link EventStoreRegistrar}s. Immutable once built.
 */
public final class EventStoreRegistry {

    /**
     * One store.
     *
     * @param name            its name
     * @param eventType       class of its events
     * @param store           the store
     * @param origin          where it was declared (a property key or a registrar bean)
     * @param snapshotEnabled whether the snapshot lifecycle persists it (when snapshots are enabled at all)
     */
    public record Entry<E>(String name, Class<E> eventType, EventStore<E> store, String origin,
                           boolean snapshotEnabled) {

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(origin, "origin");
        }
    }

    private final Map<String, Entry<?>> entries;

    public EventStoreRegistry(Collection<? extends Entry<?>> entries) {
        Map<String, Entry<?>> map = new LinkedHashMap<>();
        for (Entry<?> entry : entries) {
            Entry<?> previous = map.putIfAbsent(entry.name(), entry);
            if (previous != null) {
                throw new IllegalStateException("Event store '" + entry.name() + "' is declared twice: by "
                        + previous.origin() + " and by " + entry.origin());
            }
        }
        this.entries = Collections.unmodifiableMap(map);
    }

    /** The store names, in declaration order (properties first, then registrars). */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** @throws NoSuchElementException for an unknown name */
    public EventStore<?> get(String name) {
        return entry(name).store();
    }

    /**
     * The store, typed.
     *
     * @throws NoSuchElementException   for an unknown name
     * @throws IllegalArgumentException if the store holds another event type
     */
    @SuppressWarnings("unchecked")
    public <T> EventStore<T> get(String name, Class<T> eventType) {
        Entry<?> entry = entry(name);
        if (!entry.eventType().equals(eventType)) {
            throw new IllegalArgumentException("Event store '" + name + "' holds " + entry.eventType().getName()
                    + ", not " + eventType.getName());
        }
        return (EventStore<T>) entry.store();
    }

    /** @throws NoSuchElementException for an unknown name */
    public Class<?> eventType(String name) {
        return entry(name).eventType();
    }

    /** @throws NoSuchElementException for an unknown name */
    public Entry<?> entry(String name) {
        Entry<?> entry = entries.get(name);
        if (entry == null) {
            throw new NoSuchElementException("No event store named '" + name + "'; known stores: " + names());
        }
        return entry;
    }

    public Collection<Entry<?>> entries() {
        return entries.values();
    }

    @Override
    public String toString() {
        return "EventStoreRegistry" + names();
    }
}
