package dev.lockfree.eventstore.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the per-stream state kept by {@link EventStreams}, on top of the events themselves (which the
 * backing store bounds).
 *
 * <p>The dedupe horizon: an idempotency key is remembered for its stream until {@code dedupeKeysPerStream}
 * newer keyed appends have succeeded on that stream, or until {@code dedupeMaxAge} has passed since its
 * append (by the store's clock), whichever comes first. A retry arriving after that is appended again,
 * as a new version. Keys of events restored from snapshots are remembered again on restore (the newest
 * {@code dedupeKeysPerStream} per stream that are younger than {@code dedupeMaxAge}); keys of events that
 * were not in the snapshot (evicted before it, or appended after it) are not. Keys are counted when their
 * append has claimed its version, so while keyed appends run concurrently a stream may briefly hold one key
 * more per such append. Memory for keys is therefore bounded by about
 * {@code maxStreams * dedupeKeysPerStream} keys of at most 200 characters: with the defaults, in the worst case
 * (10 000 streams each with 100 remembered keys), a million keys, on the order of 150 MB for UUID-sized keys
 * (an estimate: the key string plus a map node, a queue node and an entry, roughly 150 bytes). A busy stream
 * whose clients retry late needs a larger {@code dedupeKeysPerStream}: size it, and {@code maxStreams}, to the
 * heap.
 *
 * <p>Streams are forgotten (their versions restart at 0, their keys are forgotten, their slot is freed) when a
 * clear/purge of the store leaves them without events, and, at the limit, when a new stream reclaims one whose
 * events the store has all evicted: see {@link EventStreams} ("Forgetting streams").
 *
 * @param maxStreams          streams that can exist at a time (1 to {@value #MAX_MAX_STREAMS}); a new stream
 *                            beyond it reclaims a stream without retained events if one qualifies, else fails
 *                            with {@link StreamLimitExceededException}
 * @param dedupeKeysPerStream keys remembered per stream (0 switches deduplication off: every keyed append
 *                            is stored), at most {@value #MAX_DEDUPE_KEYS_PER_STREAM}
 * @param dedupeMaxAge        how long a key is remembered at most; positive
 */
public record EventStreamsOptions(int maxStreams, int dedupeKeysPerStream, Duration dedupeMaxAge) {

    public static final int DEFAULT_MAX_STREAMS = 10_000;
    public static final int MAX_MAX_STREAMS = 10_000_000;
    public static final int DEFAULT_DEDUPE_KEYS_PER_STREAM = 100;
    public static final int MAX_DEDUPE_KEYS_PER_STREAM = 1_000_000;
    public static final Duration DEFAULT_DEDUPE_MAX_AGE = Duration.ofHours(24);

    public EventStreamsOptions {
        if (maxStreams < 1 || maxStreams > MAX_MAX_STREAMS) {
            throw new IllegalArgumentException("maxStreams must be between 1 and " + MAX_MAX_STREAMS + " but was "
                    + maxStreams);
        }
        if (dedupeKeysPerStream < 0 || dedupeKeysPerStream > MAX_DEDUPE_KEYS_PER_STREAM) {
            throw new IllegalArgumentException("dedupeKeysPerStream must be between 0 and "
                    + MAX_DEDUPE_KEYS_PER_STREAM + " but was " + dedupeKeysPerStream);
        }
        Objects.requireNonNull(dedupeMaxAge, "dedupeMaxAge must not be null");
        if (dedupeMaxAge.isNegative() || dedupeMaxAge.isZero()) {
            throw new IllegalArgumentException("dedupeMaxAge must be positive but was " + dedupeMaxAge);
        }
    }

    public static EventStreamsOptions defaults() {
        return new EventStreamsOptions(DEFAULT_MAX_STREAMS, DEFAULT_DEDUPE_KEYS_PER_STREAM, DEFAULT_DEDUPE_MAX_AGE);
    }

    public EventStreamsOptions withMaxStreams(int maxStreams) {
        return new EventStreamsOptions(maxStreams, dedupeKeysPerStream, dedupeMaxAge);
    }

    public EventStreamsOptions withDedupe(int keysPerStream, Duration maxAge) {
        return new EventStreamsOptions(maxStreams, keysPerStream, maxAge);
    }
}
