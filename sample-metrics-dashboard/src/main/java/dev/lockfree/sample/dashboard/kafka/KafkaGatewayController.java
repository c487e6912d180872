package dev.lockfree.sample.dashboard.kafka;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.sample.dashboard.gateway.GatewayRoutes;
import dev.lockfree.sample.dashboard.health.HealthStatus;

/**
 * The gateway role's routes with Kafka (profiles {@code gateway,kafka}): the same requests and answers as the HTTP
 * gateway's ({@link GatewayRoutes}), except that {@code POST /orders} says where the broker put the order instead of
 * a stream version. {@code GET /stats/global} is {@link ClusterStatsController}'s, which every instance of the kafka
 * profile serves.
 */
@RestController
@Profile("gateway & kafka")
public class KafkaGatewayController extends GatewayRoutes<KafkaOrderGateway.Published> {

    public KafkaGatewayController(KafkaOrderGateway gateway, HealthStatus health) {
        super(gateway, health);
    }
}
