package dev.lockfree.sample.dashboard.gateway;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.client.AggregateResult;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.EventStoreClientException;
import dev.lockfree.eventstore.client.StreamNotFoundException;
import dev.lockfree.sample.dashboard.health.HealthStatus;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;
import dev.lockfree.sample.dashboard.web.ProblemResponses;


/** The gateway role's routes (the C# seed's GatewayClient sample). */
@RestController
@Profile("gateway & !kafka")
public class GatewayController {

    private final OrderGateway gateway;
    private final EventStoreClient client;
    private final HealthStatus health;

    public GatewayController(OrderGateway gateway, EventStoreClient client, HealthStatus health) {
        this.gateway = gateway;
        this.client = client;
        this.health = health;
    }

    public record Health(String gatewayId, String status) {
    }

    /**
     * The C# seed's GatewayClient {@code GET /health}: which gateway answered (behind a load balancer) and its
     * status, that of {@code /actuator/health} (503 when DOWN). The central instance is not probed: a gateway
     * that cannot reach it still takes requests and answers them with 502 problems.
     */
    @GetMapping("/health")
    public ResponseEntity<Health> health() {
        Status status = health.status();
        return ResponseEntity.status(health.httpStatus(status))
                .body(new Health(gateway.gatewayId(), status.getCode()));
    }

    @PostMapping("/orders")
    public ResponseEntity<OrderGateway.Sent> order() {
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

    /** The central stream's totals per gateway, read through the client; all zero before the first order. */
    @GetMapping("/stats/global")
    public AggregateResult global() {
        try {
            return client.aggregate(gateway.stream(), "valor", "gatewayId");
        } catch (StreamNotFoundException e) {
            return new AggregateResult(gateway.stream(), "valor", 0, 0, java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), java.util.Map.of(), 0, 0);
        }
    }

    /** The central instance failed or could not be reached: 502, with what the client saw. */
    @ExceptionHandler(EventStoreClientException.class)
    ProblemDetail centralFailed(EventStoreClientException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "central-store-failed",
                "Central store failed", "Failed to reach the central event store: " + e.getMessage());
        return problem;
    }
}
