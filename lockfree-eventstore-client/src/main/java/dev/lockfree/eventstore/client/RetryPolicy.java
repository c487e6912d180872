package dev.lockfree.eventstore.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries the calls that are safe to repeat: reads, aggregates, and appends that carry an
 * idempotency key. A plain append (no key) is never retried, whatever the policy.
 *
 * <p>A retry follows a connection failure, a timeout, or a response 429, 502, 503 or 504; never another
 * 4xx or a 500. The wait before retry {@code n} (1-based) is drawn uniformly from
 * {@code [c/2, c]} with {@code c = min(maxBackoff, initialBackoff * 2^(n-1))} (exponential backoff with
 * "equal jitter", so that clients that failed together do not come back together). A {@code Retry-After}
 * of whole seconds on a 429 or 503 lengthens the wait to that much, but never beyond {@code maxBackoff}.
 */
public final class RetryPolicy {

    /** Most retries a policy may allow. */
    public static final int MAX_RETRIES_LIMIT = 10;

    /** Longest {@code maxBackoff} a policy may have. */
    public static final Duration MAX_BACKOFF_LIMIT = Duration.ofMinutes(1);

    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1));
    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * No retry at all.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * The client's default: 3 retries, backoff from 100 ms up to 2 s.
     *
     * @return the policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Exponential backoff with jitter.
     *
     * @param maxRetries     retries after the first attempt, {@code 0..}{@value #MAX_RETRIES_LIMIT}
     * @param initialBackoff the ceiling of the first wait, positive
     * @param maxBackoff     the ceiling of every wait, {@code >= initialBackoff} and at most
     *                       {@link #MAX_BACKOFF_LIMIT}
     * @return the policy
     * @throws IllegalArgumentException naming the bad value
     */
    public static RetryPolicy exponential(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new IllegalArgumentException("maxRetries must be 0.." + MAX_RETRIES_LIMIT + ", was " + maxRetries);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff (" + maxBackoff + ") must be >= initialBackoff (" + initialBackoff + ")");
        }
        if (maxBackoff.compareTo(MAX_BACKOFF_LIMIT) > 0) {
            throw new IllegalArgumentException(
                    "maxBackoff must be at most " + MAX_BACKOFF_LIMIT + ", was " + maxBackoff);
        }
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff);
    }

    /**
     * Retries allowed after the first attempt.
     *
     * @return {@code 0..}{@value #MAX_RETRIES_LIMIT}
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * The ceiling of the first wait.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The ceiling of every wait, {@code Retry-After} included.
     *
     * @return the maximum backoff
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The wait before a retry.
     *
     * @param retry      which retry, 1-based
     * @param retryAfter the server's {@code Retry-After}, {@code null} if none
     * @param random     a uniform draw in {@code [0, 1)}
     * @return the wait, within {@code [c/2, maxBackoff]} as the class describes
     */
    Duration delayBeforeRetry(int retry, Duration retryAfter, double random) {
        long maxNanos = maxBackoff.toNanos();
        // initial * 2^(retry-1), saturating instead of overflowing for late retries
        long ceiling = initialBackoff.toNanos();
        for (int i = 1; i < retry && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        // random < 1, so the draw stays within [half, ceiling]
        long delay = half + (long) (random * (ceiling - half + 1));
        if (retryAfter != null && retryAfter.compareTo(Duration.ofNanos(delay)) > 0) {
            delay = retryAfter.compareTo(maxBackoff) >= 0 ? maxNanos : retryAfter.toNanos();
        }
        return Duration.ofNanos(delay);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + "]";
    }
}
