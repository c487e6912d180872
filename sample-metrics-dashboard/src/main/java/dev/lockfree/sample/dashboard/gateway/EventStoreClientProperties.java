package dev.lockfree.sample.dashboard.gateway;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a gateway reaches the central instance.
 *
 * @param baseUrl        the central instance, e.g. {@code http://127.0.0.1:8080}; required in the gateway role
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-request timeout
 * @param maxRetries     retries of idempotent calls (reads, appends with an idempotency key)
 */
@ConfigurationProperties("eventstore.client")
public record EventStoreClientProperties(URI baseUrl, @DefaultValue("2s") Duration connectTimeout,
                                         @DefaultValue("10s") Duration requestTimeout,
                                         @DefaultValue("3") int maxRetries) {
}
