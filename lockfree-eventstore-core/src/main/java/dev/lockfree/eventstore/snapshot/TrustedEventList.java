package dev.lockfree.eventstore.snapshot;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable, null-free list of events that {@link PartitionSnapshot} keeps without copying. Only this
 * package creates one, and only over an array or list that nobody else holds a reference to (a capture, the
 * events just decoded from a file). Copying a million-event snapshot on both write and restore
 * ({@code List.copyOf} copies twice) was a large part of what a snapshot allocated per event.
 */
final class TrustedEventList<E> extends AbstractList<E> implements RandomAccess {

    private final Object[] array;
    private final List<E> list;
    private final int size;

    private TrustedEventList(Object[] array, List<E> list, int size) {
        this.array = array;
        this.list = list;
        this.size = size;
    }

    /** The first {@code size} elements of {@code array}, which the caller owns and never changes again. */
    static <E> List<E> ofOwnedArray(Object[] array, int size) {
        Objects.checkFromIndexSize(0, size, array.length);
        for (int i = 0; i < size; i++) {
            Objects.requireNonNull(array[i], "events must not contain null");
        }
        return new TrustedEventList<>(array, null, size);
    }

    /** A view of {@code events}, which nobody changes any more (an unmodifiable capture of the store). */
    static <E> List<E> ofUnshared(List<E> events) {
        if (events instanceof TrustedEventList) {
            return events;
        }
        if (!(events instanceof RandomAccess)) {
            return List.copyOf(events);
        }
        for (int i = 0, n = events.size(); i < n; i++) {
            Objects.requireNonNull(events.get(i), "events must not contain null");
        }
        return new TrustedEventList<>(null, events, events.size());
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return array != null ? (E) array[index] : list.get(index);
    }

    @Override
    public int size() {
        return size;
    }
}
