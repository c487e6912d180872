package dev.lockfree.sample.dashboard.gateway;

import java.time.Instant;

/**
 * An order as a gateway sends it to the central stream (the C# seed's {@code GatewayOrderCreated}).
 *
 * @param id        {@code <gatewayId>-<uuid>}, also the idempotency key of its append
 * @param valor     the amount, 1 to 4999
 * @param timestamp when the gateway took it
 * @param gatewayId the gateway that took it
 */
public record OrderCreated(String id, int valor, Instant timestamp, String gatewayId) {
}
