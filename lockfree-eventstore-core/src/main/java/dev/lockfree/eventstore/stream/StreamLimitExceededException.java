package dev.lockfree.eventstore.stream;

/**
 * An append would create a stream beyond {@link EventStreamsOptions#maxStreams()}. Nothing was appended;
 * appends to existing streams still work. Streams are never forgotten while the process runs (forgetting
 * one would restart its versions at 0), so the limit is what bounds the per-stream state.
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
