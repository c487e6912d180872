package dev.lockfree.eventstore;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe two-way map between string keys and dense int ids, starting at 1, for compact events
 * such as {@link Event}.
 *
 * <p>Each key gets exactly one id even when many threads ask at once (the C# seed could burn ids and
 * leave orphan reverse entries, seed defect BUG-09, docs/seed-parity.md#bug-09), and ids are never reissued:
 * {@link #clear()} forgets the mappings but keeps counting, so an id handed out before a clear can never name a
 * different key after it.
 */
public final class KeyMap {

    /** Both directions of one generation of mappings; clear() starts a new generation atomically. */
    private static final class Mappings {
        final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, String> keys = new ConcurrentHashMap<>();
    }

    private volatile Mappings current = new Mappings();
    private final AtomicInteger lastId = new AtomicInteger();

    /** The id of {@code key}, assigning the next one if the key is new. */
    public int getOrAdd(String key) {
        Objects.requireNonNull(key, "key must not be null");
        Mappings mappings = current;
        Integer existing = mappings.ids.get(key);
        if (existing != null) {
            return existing;
        }
        return mappings.ids.computeIfAbsent(key, k -> {
            int id = lastId.incrementAndGet();
            if (id <= 0) {
                lastId.decrementAndGet();
                throw new IllegalStateException("KeyMap is out of ids: " + Integer.MAX_VALUE + " keys were issued");
            }
            mappings.keys.put(id, k); // inside the compute: both directions appear together
            return id;
        });
    }

    public OptionalInt tryGet(String key) {
        Integer id = current.ids.get(Objects.requireNonNull(key, "key must not be null"));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public Optional<String> tryGetKey(int id) {
        return Optional.ofNullable(current.keys.get(id));
    }

    /** The number of keys currently mapped. */
    public int size() {
        return current.ids.size();
    }

    /** An immutable copy of the key-to-id mappings. */
    public Map<String, Integer> mappings() {
        return Map.copyOf(current.ids);
    }

    /**
     * Forgets every mapping at once (a getOrAdd racing it lands either before it, and is forgotten, or
     * after it). Ids keep increasing: an old id never aliases a new key.
     */
    public void clear() {
        current = new Mappings();
    }
}
