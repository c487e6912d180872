package dev.lockfree.eventstore.boot.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Kafka side of one store: DOWN when its consumer has not heard from the group coordinator for
 * {@code eventstore.kafka.health-down-after} (the broker is gone, or unreachable). The store keeps serving what
 * it holds meanwhile, and consumption resumes from the consumer's position, without a gap, when the broker is
 * back; DOWN says that what it serves is getting stale. UNKNOWN while the feed does not run (before start-up
 * completed, after shutdown began). An instance that only publishes ({@code consume=false}) is UP while started.
 */
public final class KafkaFeedHealthIndicator implements HealthIndicator {

    private final KafkaStoreFeed<?> feed;

    public KafkaFeedHealthIndicator(KafkaStoreFeed<?> feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    @Override
    public Health health() {
        KafkaFeedSettings settings = feed.settings();
        if (!settings.consume()) {
            // publishes only: there is no consumer whose contact could go stale
            return (feed.isRunning() ? Health.up() : Health.unknown()).withDetail("topic", settings.topic())
                    .withDetail("consume", false).build();
        }
        Optional<Duration> since = feed.sinceLastContact();
        Health.Builder builder = since.isEmpty() ? Health.unknown()
                : since.get().compareTo(settings.healthDownAfter()) >= 0 ? Health.down() : Health.up();
        builder.withDetail("topic", settings.topic())
                .withDetail("group", settings.groupId())
                .withDetail("running", since.isPresent());
        since.ifPresent(d -> builder.withDetail("sinceLastContact", d.toString())
                .withDetail("downAfter", settings.healthDownAfter().toString()));
        feed.binding().ifPresent(b -> builder.withDetail("assignedPartitions", b.assignedPartitions()));
        return builder.build();
    }
}
