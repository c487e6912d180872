package dev.lockfree.eventstore.query;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What an {@link EventQuery} reads from: implemented by the store. Not meant to be implemented by users.
 */
public interface EventSource<E> {

    int partitions();

    /** Visits a partition's retained events oldest first until the visitor returns false. */
    boolean visit(int partition, Predicate<? super E> visitor);

    /** Copies a partition's events (a contiguous run of appends), oldest first. */
    void copy(int partition, List<? super E> into, Predicate<? super E> filter);

    /** The timestamp selector; throws the store's message when time bounds cannot be used. */
    ToLongFunction<? super E> timestampsFor(boolean bounded);
}
