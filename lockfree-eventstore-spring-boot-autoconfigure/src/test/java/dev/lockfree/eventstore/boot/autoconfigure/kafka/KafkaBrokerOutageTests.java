package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.time.Duration;
import java.time.Instant;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away under a running instance: its Kafka health turns DOWN after
 * {@code eventstore.kafka.health-down-after}, and the store keeps serving what it holds.
 *
 * <p>The broker is not started again: {@code EmbeddedKafkaKraftBroker} keeps its logs in temporary directories
 * that {@code destroy()} deletes, and a new one (even on the same port) is a new, empty cluster, so "consumption
 * resumes without a gap" cannot be shown with it; it would need a broker whose data outlives a restart.
 */
class KafkaBrokerOutageTests {

    private static TestBroker broker = new TestBroker();
    private static boolean brokerUp = true;

    @AfterAll
    static void stopBroker() {
        if (brokerUp) {
            broker.close();
        }
    }

    @Test
    void theHealthTurnsDownAfterTheConfiguredTimeAndTheStoreKeepsServing() throws Exception {
        String topic = broker.newTopic("outage", 2);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                        EventStoreAutoConfiguration.class, EventStoreKafkaAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                        "spring.kafka.consumer.heartbeat-interval=500ms",
                        "spring.kafka.consumer.properties.session.timeout.ms=6000",
                        // bounds the commit and the group leave of the shutdown without a broker
                        "spring.kafka.consumer.properties.default.api.timeout.ms=3000",
                        "eventstore.kafka.health-down-after=4s",
                        "eventstore.stores.orders.event-type=" + OrderEvent.class.getName(),
                        "eventstore.stores.orders.partitions=2",
                        "eventstore.stores.orders.key-property=customerId",
                        "eventstore.stores.orders.timestamp-property=createdAt",
                        "eventstore.stores.orders.value-property=amount",
                        "eventstore.stores.orders.kafka.topic=" + topic)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    EventStorePublisher<OrderEvent> publisher = context.getBean("ordersEventPublisher",
                            EventStorePublisher.class);
                    EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class)
                            .get("orders", OrderEvent.class);
                    for (int i = 1; i <= 20; i++) {
                        publisher.publish(new OrderEvent("c" + i, i, Instant.now())).get();
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> store.count() == 20);
                    HealthIndicator health = (HealthIndicator) context.getBean("eventstoreKafkaHealthContributor",
                            CompositeHealthContributor.class).getContributor("orders");
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                    // timed from the start of the shutdown: heartbeats can fail while close() is still running
                    // (it took up to about 1.5 s here), so a clock started after it would make DOWN look early
                    long gone = System.nanoTime();
                    broker.close();
                    brokerUp = false;
                    await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus() == Status.DOWN);
                    Duration tookDown = Duration.ofNanos(System.nanoTime() - gone);
                    System.out.println("Kafka health DOWN " + tookDown + " after the broker went away");
                    assertThat(tookDown).as("not before health-down-after").isGreaterThanOrEqualTo(
                            Duration.ofSeconds(3)); // 4 s less the 0.5 s heartbeat interval, less rounding
                    Health down = health.health();
                    assertThat(down.getDetails()).containsEntry("topic", topic).containsEntry("downAfter", "PT4S");

                    assertThat(store.count()).as("what the instance holds stays served").isEqualTo(20);
                    WindowAggregate window = store.windowAggregate(Duration.ofMinutes(1));
                    assertThat(window.count()).isEqualTo(20);
                    assertThat(window.sum()).isEqualTo(210.0);
                });
    }
}
