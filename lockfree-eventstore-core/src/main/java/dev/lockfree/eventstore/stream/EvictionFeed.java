package dev.lockfree.eventstore.stream;

import java.util.function.Consumer;

/**
 * Carries a store's evictions to the {@link EventStreams} created over it afterwards, so that streams over a
 * store built elsewhere (by a framework, say) track evictions exactly instead of being bounded by the partition
 * capacity. Give it to the store as its {@code onDiscarded} (compose with {@link #andThen} to keep a callback of
 * your own), then pass it to {@link EventStreams#over(dev.lockfree.eventstore.EventStore, EventStreamsOptions,
 * EvictionFeed)}. Bound once; evictions before the binding are dropped, which is harmless because nothing is
 * evicted before the first append, and appends go through the streams.
 *
 * @param <E> the event type
 */
public final class EvictionFeed<E> implements Consumer<StreamRecord<E>> {

    /** Written once by {@link #bind}, read by the store's evicting producers. */
    private volatile EventStreams<E> streams;

    /** A feed not yet bound to any streams. */
    public EvictionFeed() {
    }

    void bind(EventStreams<E> target) {
        synchronized (this) {
            if (streams != null) {
                throw new IllegalStateException("This EvictionFeed already feeds " + streams
                        + "; create one feed per EventStreams");
            }
            streams = target;
        }
    }

    @Override
    public void accept(StreamRecord<E> record) {
        EventStreams<E> target = streams;
        if (target != null) {
            target.evicted(record);
        }
    }
}
