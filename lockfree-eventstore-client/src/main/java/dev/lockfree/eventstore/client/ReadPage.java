package dev.lockfree.eventstore.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of a stream, as answered by a single read request.
 *
 * @param stream      the stream read
 * @param events      the events of the page, in version order without gaps (immutable)
 * @param nextVersion the version to read from for the next page: the one after the last event returned,
 *                    or the requested {@code from} when the page is empty
 * @param lastVersion the stream's last version when the server answered
 * @param <T>         the type of the events' data
 */
public record ReadPage<T>(String stream, List<RecordedEvent<T>> events, long nextVersion, long lastVersion) {

    /**
     * Checks the components and copies the event list.
     *
     * @param stream      the stream read
     * @param events      the events of the page
     * @param nextVersion the version to read from next
     * @param lastVersion the stream's last version
     * @throws NullPointerException if a component is null
     */
    public ReadPage {
        Objects.requireNonNull(stream, "stream");
        events = List.copyOf(events);
    }

    /**
     * Whether this page ends the stream as it stood when the server answered: it is empty, or
     * {@code nextVersion > lastVersion}. A stream that grows afterwards can be read on from
     * {@link #nextVersion()}.
     *
     * @return {@code true} if no further page is worth asking for now
     */
    public boolean isLast() {
        return events.isEmpty() || nextVersion > lastVersion;
    }
}
