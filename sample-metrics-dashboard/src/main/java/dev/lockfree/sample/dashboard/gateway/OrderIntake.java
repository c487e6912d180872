package dev.lockfree.sample.dashboard.gateway;

/**
 * What the gateway role's shared routes ({@link GatewayRoutes}) need of a gateway, whichever way its orders travel:
 * appended to the central instance ({@link OrderGateway}) or published to Kafka. Both count what they sent the same
 * way, so that the sum over the gateways can be checked against the store's totals.
 *
 * @param <S> the answer to one order (where it was stored)
 */
public interface OrderIntake<S> {

    String gatewayId();

    /** The largest {@code n} a bulk request may ask for. */
    int maxBulk();

    /** Sends one new order and waits until it is stored; a failure is counted in {@code failed}, then thrown. */
    S send();

    /** Sends {@code n} new orders and waits for them all; those that failed are counted, not thrown. */
    OrderGateway.BulkResult sendMany(int n);

    OrderGateway.LocalStats localStats();
}
