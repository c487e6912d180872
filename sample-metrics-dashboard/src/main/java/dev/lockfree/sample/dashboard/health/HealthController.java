package dev.lockfree.sample.dashboard.health;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The C# seed's MetricsDashboard {@code GET /health}, anonymous: {@code {"status":"UP"}} (200) or
 * {@code {"status":"DOWN"}} (503), the status of {@code /actuator/health} under the path the C# seed's probes
 * and scripts use. The gateway role answers {@code /health} itself, with its id.
 */
@RestController
@Profile("!gateway")
public class HealthController {

    private final HealthStatus health;

    public HealthController(HealthStatus health) {
        this.health = health;
    }

    public record Health(String status) {
    }

    @GetMapping("/health")
    public ResponseEntity<Health> health() {
        Status status = health.status();
        return ResponseEntity.status(health.httpStatus(status)).body(new Health(status.getCode()));
    }
}
