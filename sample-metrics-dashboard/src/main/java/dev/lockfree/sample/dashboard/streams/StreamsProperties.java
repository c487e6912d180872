package dev.lockfree.sample.dashboard.streams;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The stream server.
 *
 * @param partitions              partitions of the {@code streams} store, set explicitly rather than the CPU count
 *                                so that a move to another machine restores in place
 * @param capacityPerPartition    stream events kept per partition of the {@code streams} store (the oldest are
 *                                forgotten: reads then start at the oldest retained version)
 * @param maxStreams              streams that can exist at a time; a new stream beyond it takes the slot of a
 *                                stream whose events were all evicted (that stream's versions restart at 0), and
 *                                is refused with 503 if there is none. {@code POST /admin/clear} frees the slots of
 *                                every stream it empties
 * @param dedupeKeysPerStream     idempotency keys remembered per stream
 * @param dedupeMaxAge            how long an idempotency key is remembered at most
 * @param maxEventSize            largest event body kept in a snapshot (a larger one is left out of the snapshot
 *                                and counted as skipped; bodies are limited by dashboard.http.max-body-size first)
 * @param maxNewStreamsPerClient  appends to streams that do not exist yet that one client (remote address) may
 *                                make per {@code newStreamsWindow}; more are refused with 429 and Retry-After
 *                                (0: no limit). Behind a proxy, set {@code server.forward-headers-strategy} so
 *                                that the remote address is the client's
 * @param newStreamsWindow        the window of {@code maxNewStreamsPerClient} (fixed, starting at the client's
 *                                first creation in it)
 * @param maxTrackedClients       clients whose creations are counted separately; beyond it (after dropping
 *                                expired windows) further clients share one budget, so memory stays bounded
 */
@ConfigurationProperties("dashboard.streams")
public record StreamsProperties(@DefaultValue("4") int partitions,
                                @DefaultValue("50000") int capacityPerPartition,
                                @DefaultValue("1000") int maxStreams,
                                @DefaultValue("1000") int dedupeKeysPerStream,
                                @DefaultValue("24h") Duration dedupeMaxAge,
                                @DefaultValue("1MB") DataSize maxEventSize,
                                @DefaultValue("100") int maxNewStreamsPerClient,
                                @DefaultValue("1m") Duration newStreamsWindow,
                                @DefaultValue("10000") int maxTrackedClients) {

    public StreamsProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("dashboard.streams.partitions must be >= 1, was " + partitions);
        }
        if (maxNewStreamsPerClient < 0) {
            throw new IllegalArgumentException("dashboard.streams.max-new-streams-per-client must be >= 0 (0: no "
                    + "limit), was " + maxNewStreamsPerClient);
        }
        if (newStreamsWindow == null || newStreamsWindow.toMillis() < 1) {
            throw new IllegalArgumentException("dashboard.streams.new-streams-window must be at least 1ms, was "
                    + newStreamsWindow);
        }
        if (maxTrackedClients < 1) {
            throw new IllegalArgumentException("dashboard.streams.max-tracked-clients must be >= 1, was "
                    + maxTrackedClients);
        }
    }
}
