package dev.lockfree.eventstore.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The events of a stream, fetched one page at a time and only when the consumer has used up the previous
 * page. It stops after a page that {@linkplain ReadPage#isLast() ends the stream}. Holds no connection
 * between pages (each page is read whole), so closing only forbids further pulls.
 *
 * @param <T> the type of the events' data
 */
final class PagingSpliterator<T> extends Spliterators.AbstractSpliterator<RecordedEvent<T>> {

    private final String stream;
    private final LongFunction<ReadPage<T>> pages;
    private Iterator<RecordedEvent<T>> current = Collections.emptyIterator();
    private long nextVersion;
    private boolean exhausted;
    // a stream may be closed from another thread than the one pulling
    private volatile boolean closed;

    /**
     * @param stream      the stream, for messages
     * @param fromVersion the first version wanted
     * @param pages       fetches the page starting at a version
     */
    PagingSpliterator(String stream, long fromVersion, LongFunction<ReadPage<T>> pages) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.stream = stream;
        this.nextVersion = fromVersion;
        this.pages = pages;
    }

    @Override
    public boolean tryAdvance(Consumer<? super RecordedEvent<T>> action) {
        while (!current.hasNext()) {
            if (exhausted) {
                return false;
            }
            ensureOpen();
            ReadPage<T> page = pages.apply(nextVersion);
            current = page.events().iterator();
            nextVersion = page.nextVersion();
            exhausted = page.isLast();
        }
        ensureOpen();
        action.accept(current.next());
        return true;
    }

    /** Forbids further pulls; called by {@code Stream.close()}. */
    void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The event stream of '" + stream + "' is closed");
        }
    }
}
