package dev.lockfree.eventstore.partition;

import java.util.Objects;

/**
 * Maps a routing key to a partition with a function that is the same in every JVM and on every call
 * path (single appends, batches, purge, restore). {@link Object#hashCode()} is stable across processes
 * for strings, boxed primitives, UUIDs and records made of those; enum constants hash by identity, so
 * they are routed by name instead. The hash is mixed (MurmurHash3 finaliser) so that sequential ids
 * spread evenly over any partition count, power of two or not.
 */
public final class KeyRouting {

    private KeyRouting() {
    }

    public static int partitionFor(Object key, int partitions) {
        Objects.requireNonNull(key, "routing key must not be null");
        int h = key instanceof Enum<?> e ? e.getDeclaringClass().getName().hashCode() * 31 + e.name().hashCode()
                : key.hashCode();
        return partitionForHash(h, partitions);
    }

    public static int partitionForHash(int hash, int partitions) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (int) (Integer.toUnsignedLong(h) % partitions);
    }
}
