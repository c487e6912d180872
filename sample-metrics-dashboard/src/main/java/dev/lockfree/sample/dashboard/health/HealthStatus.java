package dev.lockfree.sample.dashboard.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The app's overall health as Actuator computes it, for the C# seed's {@code GET /health} routes: one verdict for
 * {@code /health} and {@code /actuator/health}, so a load balancer probing either sees the same thing (a store
 * whose snapshots keep failing turns both DOWN, with 503).
 */
@Component
public class HealthStatus {

    private final ObjectProvider<HealthEndpoint> endpoint;
    private final ObjectProvider<HttpCodeStatusMapper> statusCodes;

    /**
     * @param endpoint    Actuator's health endpoint; absent when an operator disabled it, and then the app's
     *                    answering at all is the only evidence there is, so {@code /health} says UP (liveness)
     * @param statusCodes Actuator's status-to-HTTP mapping ({@code management.endpoint.health.status.http-mapping})
     */
    public HealthStatus(ObjectProvider<HealthEndpoint> endpoint, ObjectProvider<HttpCodeStatusMapper> statusCodes) {
        this.endpoint = endpoint;
        this.statusCodes = statusCodes;
    }

    /** The aggregate status of every health contributor (details are never exposed here). */
    public Status status() {
        HealthEndpoint health = endpoint.getIfAvailable();
        return health == null ? Status.UP : health.health().getStatus();
    }

    /** The HTTP status Actuator would answer for {@code status}: 200 for UP, 503 for DOWN and OUT_OF_SERVICE. */
    public int httpStatus(Status status) {
        return statusCodes.getIfAvailable(() -> HttpCodeStatusMapper.DEFAULT).getStatusCode(status);
    }
}
