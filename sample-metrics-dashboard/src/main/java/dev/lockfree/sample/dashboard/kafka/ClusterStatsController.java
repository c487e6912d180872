package dev.lockfree.sample.dashboard.kafka;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;

/**
 * {@code GET /stats/global} with the kafka profile, on every instance (dashboard or gateway): the orders over the
 * whole topic from {@link EventStoreCluster}, which asks the owner of each partition this instance does not hold.
 * Without the profile the HTTP gateway answers this route from its central stream instead.
 */
@RestController
@Profile("kafka")
public class ClusterStatsController {

    static final String ORDERS = "orders";

    private final EventStoreCluster cluster;
    private final Duration window;

    /** @param window how far back the totals reach: the orders store's window, so every retained bucket counts */
    public ClusterStatsController(EventStoreCluster cluster,
                                  @Value("${eventstore.stores.orders.window.size:15m}") Duration window) {
        this.cluster = cluster;
        this.window = window;
    }

    @GetMapping("/stats/global")
    public ClusterTotals global() {
        return ClusterTotals.of(ORDERS, cluster.windowAggregate(ORDERS, window));
    }
}
