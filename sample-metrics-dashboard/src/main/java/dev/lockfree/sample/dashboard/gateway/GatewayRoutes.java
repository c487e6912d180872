package dev.lockfree.sample.dashboard.gateway;

import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.lockfree.sample.dashboard.health.HealthStatus;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;

/**
 * The gateway role's routes that do not depend on how orders travel, written once so that the HTTP gateway
 * ({@link GatewayController}) and the Kafka one answer {@code /health}, {@code /orders}, {@code /orders/bulk} and
 * {@code /stats/local} alike (same validation, statuses and bodies). Each subclass is the {@code @RestController} of
 * its profile and adds what differs ({@code /stats/global}, error mapping).
 *
 * @param <S> the answer to {@code POST /orders}
 */
public abstract class GatewayRoutes<S> {

    private final OrderIntake<S> gateway;
    private final HealthStatus health;

    protected GatewayRoutes(OrderIntake<S> gateway, HealthStatus health) {
        this.gateway = gateway;
        this.health = health;
    }

    public record Health(String gatewayId, String status) {
    }

    /**
     * The C# seed's GatewayClient {@code GET /health}: which gateway answered (behind a load balancer) and its
     * status, that of {@code /actuator/health} (503 when DOWN). Neither the central instance nor the broker is
     * probed: a gateway that cannot reach them still takes requests and answers them with 502 problems.
     */
    @GetMapping("/health")
    public ResponseEntity<Health> health() {
        Status status = health.status();
        return ResponseEntity.status(health.httpStatus(status))
                .body(new Health(gateway.gatewayId(), status.getCode()));
    }

    @PostMapping("/orders")
    public ResponseEntity<S> order() {
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
