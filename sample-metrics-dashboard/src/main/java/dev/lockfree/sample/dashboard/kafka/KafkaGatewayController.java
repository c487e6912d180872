package dev.lockfree.sample.dashboard.kafka;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.sample.dashboard.gateway.GatewayController;
import dev.lockfree.sample.dashboard.gateway.OrderGateway;
import dev.lockfree.sample.dashboard.health.HealthStatus;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;

/**
 * The gateway role's routes with Kafka (profiles {@code gateway,kafka}): the same requests and answers as the HTTP
 * gateway's, except that {@code POST /orders} says where the broker put the order instead of a stream version.
 * {@code GET /stats/global} is {@link ClusterStatsController}'s, which every instance of the kafka profile serves.
 */
@RestController
@Profile("gateway & kafka")
public class KafkaGatewayController {

    private final KafkaOrderGateway gateway;
    private final HealthStatus health;

    public KafkaGatewayController(KafkaOrderGateway gateway, HealthStatus health) {
        this.gateway = gateway;
        this.health = health;
    }

    /** As the HTTP gateway's: which gateway answered and its status; the broker is not probed here. */
    @GetMapping("/health")
    public ResponseEntity<GatewayController.Health> health() {
        Status status = health.status();
        return ResponseEntity.status(health.httpStatus(status))
                .body(new GatewayController.Health(gateway.gatewayId(), status.getCode()));
    }

    @PostMapping("/orders")
    public ResponseEntity<KafkaOrderGateway.Published> order() {
        return ResponseEntity.status(HttpStatus.CREATED).body(gateway.send());
    }

    @PostMapping("/orders/bulk")
    public OrderGateway.BulkResult bulk(@RequestParam int n) {
        if (n < 1 || n > gateway.maxBulk()) {
            throw new InvalidRequestException("n", "n must be between 1 and " + gateway.maxBulk() + ", was " + n);
        }
        return gateway.sendMany(n);
    }

    @GetMapping("/stats/local")
    public OrderGateway.LocalStats local() {
        return gateway.localStats();
    }
}
