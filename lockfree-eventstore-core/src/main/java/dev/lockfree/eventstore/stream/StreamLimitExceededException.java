package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.protocol.StreamNames;

/**
 * An append would create a stream beyond {@link EventStreamsOptions#maxStreams()}, and no stream without
 * retained events could be reclaimed in its place. Nothing was appended; appends to existing streams still
 * work. Slots are freed when streams are forgotten: by a clear/purge of the store that leaves them without
 * events, or reclaimed at the limit once all their events were evicted (see {@link EventStreams}).
 */
public final class StreamLimitExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String stream;
    private final int maxStreams;

    public StreamLimitExceededException(String stream, int maxStreams) {
        super("Cannot create stream " + StreamNames.describe(stream) + ": the limit of " + maxStreams
                + " streams is reached (EventStreamsOptions.maxStreams)");
        this.stream = stream;
        this.maxStreams = maxStreams;
    }

    public String stream() {
        return stream;
    }

    public int maxStreams() {
        return maxStreams;
    }
}
