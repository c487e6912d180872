package dev.lockfree.eventstore.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waiting for a topic to be usable. */
final class Topics {

    private Topics() {
    }

    /**
     * Waits until every partition of the topic has a leader. A topic creation returns before that, and a producer
     * that sends at once can sit on a batch for a leaderless partition until its delivery timeout; a restarted broker
     * likewise accepts connections before it leads its partitions again.
     */
    static void awaitLeaders(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames().get().get(topic).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
    }
}
