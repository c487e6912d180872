package dev.lockfree.sample.dashboard.streams;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The stream server.
 *
 * @param capacityPerPartition stream events kept per partition of the {@code streams} store (the oldest are
 *                             forgotten: reads then start at the oldest retained version)
 * @param maxStreams           streams the server accepts; appends creating more are refused with 503
 * @param dedupeKeysPerStream  idempotency keys remembered per stream
 * @param dedupeMaxAge         how long an idempotency key is remembered at most
 * @param maxEventSize         largest event body kept in a snapshot (a larger one fails the snapshot, not the append;
 *                             bodies are limited by dashboard.http.max-body-size first)
 */
@ConfigurationProperties("dashboard.streams")
public record StreamsProperties(@DefaultValue("50000") int capacityPerPartition,
                                @DefaultValue("1000") int maxStreams,
                                @DefaultValue("1000") int dedupeKeysPerStream,
                                @DefaultValue("24h") Duration dedupeMaxAge,
                                @DefaultValue("1MB") DataSize maxEventSize) {
}
