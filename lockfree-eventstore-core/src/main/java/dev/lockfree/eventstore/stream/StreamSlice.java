package dev.lockfree.eventstore.stream;

import java.util.List;

/**
 * What {@link EventStreams#read} returns: consecutive versions of one stream, in version order.
 *
 * @param stream        the stream read
 * @param fromVersion   the version asked for
 * @param events        versions {@code firstVersion()..nextVersion-1}, without gaps; empty at the end of
 *                      the stream or when the stream does not exist
 * @param oldestVersion the oldest version the stream still retains when the read started, -1 if it retains
 *                      none. Older versions were evicted by the backing store (which keeps a fixed number of
 *                      events per partition) or removed by its clear/purge
 * @param lastVersion   the stream's newest version when the read ended (-1: the stream has none)
 * @param nextVersion   where to continue reading: the version after the last one returned, or where the
 *                      read stopped when nothing was returned
 */
public record StreamSlice<E>(String stream, long fromVersion, List<StreamRecord<E>> events, long oldestVersion,
                             long lastVersion, long nextVersion) {

    public StreamSlice {
        events = List.copyOf(events);
    }

    /** Whether the slice reaches the stream's newest version (as of the end of the read). */
    public boolean isEndOfStream() {
        return nextVersion > lastVersion;
    }

    /** The version of the first event, or {@code nextVersion} when there is none. */
    public long firstVersion() {
        return events.isEmpty() ? nextVersion : events.get(0).version();
    }

    /**
     * How many versions from {@code fromVersion} on were no longer retained and were skipped: the reader
     * fell behind the store's retention by that much.
     */
    public long missedVersions() {
        return Math.max(0, Math.min(firstVersion(), Math.max(lastVersion + 1, 0)) - fromVersion);
    }
}
