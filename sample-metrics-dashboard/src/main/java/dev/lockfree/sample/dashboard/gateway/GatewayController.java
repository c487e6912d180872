package dev.lockfree.sample.dashboard.gateway;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.client.AggregateResult;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.EventStoreClientException;
import dev.lockfree.eventstore.client.StreamNotFoundException;
import dev.lockfree.sample.dashboard.health.HealthStatus;
import dev.lockfree.sample.dashboard.web.ProblemResponses;


/**
 * The gateway role's routes (the C# seed's GatewayClient sample): those of {@link GatewayRoutes}, with orders
 * appended to the central instance, plus {@code GET /stats/global} read from it.
 */
@RestController
@Profile("gateway & !kafka")
public class GatewayController extends GatewayRoutes<OrderGateway.Sent> {

    private final OrderGateway gateway;
    private final EventStoreClient client;

    public GatewayController(OrderGateway gateway, EventStoreClient client, HealthStatus health) {
        super(gateway, health);
        this.gateway = gateway;
        this.client = client;
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
