package dev.lockfree.eventstore.boot.autoconfigure.client;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code EventStoreClient} bean ({@code eventstore.client.*}): it exists when {@code base-url} is set and
 * {@code lockfree-eventstore-client} is on the classpath. Validated when bound, each message naming the key;
 * an unknown key fails start-up too. Refers to no class of the client, so that
 * {@code eventstore.client.*} also binds (and is checked) without it.
 *
 * @param baseUrl        Root URL of the event store server, e.g. http://127.0.0.1:8080 (absolute http or https,
 *                       no query, fragment or user info); the client bean exists only when it is set
 * @param connectTimeout How long to wait for a TCP connection; 5s when unset
 * @param requestTimeout How long each attempt waits for the server to start answering
 * @param maxRetries     Retries of the calls safe to repeat (reads, aggregates, appends with an idempotency
 *                       key), 0 to 10; a plain append is never retried
 * @param initialBackoff Ceiling of the first wait between two attempts (exponential backoff with jitter)
 * @param maxBackoff     Ceiling of every wait between two attempts, Retry-After included; at most 1m
 * @param readPageSize   Events each request of a paged read asks for, 1 to 1000
 * @param defaultHeaders Headers sent with every request, by name, e.g. Authorization
 */
@ConfigurationProperties(prefix = "eventstore.client", ignoreUnknownFields = false)
public record EventStoreClientProperties(
        URI baseUrl,
        Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("1000") int readPageSize,
        Map<String, String> defaultHeaders) {

    /** Retries a policy may allow ({@code RetryPolicy.MAX_RETRIES_LIMIT}). */
    static final int MAX_RETRIES = 10;
    /** Longest backoff ({@code RetryPolicy.MAX_BACKOFF_LIMIT}). */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** Largest page ({@code EventStoreClient.MAX_PAGE_SIZE}). */
    static final int MAX_PAGE_SIZE = 1000;

    private static final String KEY = "eventstore.client";

    public EventStoreClientProperties {
        defaultHeaders = defaultHeaders == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
        if (baseUrl != null) {
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null
                    || baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException(KEY + ".base-url must be an absolute http or https URL with a "
                        + "host and no query, fragment or user info (put credentials in " + KEY
                        + ".default-headers) but was " + baseUrl);
            }
        }
        if (connectTimeout != null) {
            requirePositive(KEY + ".connect-timeout", connectTimeout);
        }
        requirePositive(KEY + ".request-timeout", requestTimeout);
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException(KEY + ".max-retries must be between 0 and " + MAX_RETRIES
                    + " but was " + maxRetries);
        }
        requirePositive(KEY + ".initial-backoff", initialBackoff);
        requirePositive(KEY + ".max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(KEY + ".max-backoff (" + maxBackoff + ") must be >= " + KEY
                    + ".initial-backoff (" + initialBackoff + ")");
        }
        if (maxBackoff.compareTo(MAX_BACKOFF) > 0) {
            throw new IllegalArgumentException(KEY + ".max-backoff must be at most " + MAX_BACKOFF + " but was "
                    + maxBackoff);
        }
        if (readPageSize < 1 || readPageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(KEY + ".read-page-size must be between 1 and " + MAX_PAGE_SIZE
                    + " but was " + readPageSize);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive but was " + value);
        }
    }
}
