package dev.lockfree.sample.dashboard.gateway;

import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway role (profile {@code gateway}): an instance that takes orders and appends them to a central
 * instance's stream through {@code EventStoreClient}.
 *
 * @param id              this gateway's id, stamped on every order; a random one when unset
 * @param stream          the central stream the orders go to
 * @param maxBulk         largest {@code n} of {@code POST /orders/bulk}
 * @param bulkConcurrency requests in flight at once during a bulk post
 */
@ConfigurationProperties("dashboard.gateway")
public record GatewayProperties(String id, @DefaultValue("gateway/orders") String stream,
                                @DefaultValue("10000") int maxBulk, @DefaultValue("16") int bulkConcurrency) {

    public GatewayProperties {
        if (id == null || id.isBlank()) {
            id = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (maxBulk < 1) {
            throw new IllegalArgumentException("dashboard.gateway.max-bulk must be at least 1, was " + maxBulk);
        }
        if (bulkConcurrency < 1 || bulkConcurrency > 256) {
            throw new IllegalArgumentException("dashboard.gateway.bulk-concurrency must be between 1 and 256, was "
                    + bulkConcurrency);
        }
    }
}
