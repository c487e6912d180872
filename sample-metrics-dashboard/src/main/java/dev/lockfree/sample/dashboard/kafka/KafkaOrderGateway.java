package dev.lockfree.sample.dashboard.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.eventstore.kafka.PublishResult;
import dev.lockfree.sample.dashboard.gateway.GatewayProperties;
import dev.lockfree.sample.dashboard.gateway.OrderCreated;
import dev.lockfree.sample.dashboard.gateway.OrderGateway;
import dev.lockfree.sample.dashboard.gateway.OrderIntake;
import dev.lockfree.sample.dashboard.web.PublishFailedException;

/**
 * The gateway role with Kafka: takes orders and publishes them to the {@code orders} topic, which the dashboard
 * instances consume, so no central instance stands between a gateway and the store. An order counts as sent only
 * once the broker acknowledged it (the publish future completed): the sum over the gateways is then what the
 * cluster must hold, and an order whose publish failed or timed out is counted in {@code failed} instead.
 */
public class KafkaOrderGateway implements OrderIntake<KafkaOrderGateway.Published> {

    private final EventStorePublisher<OrderCreated> publisher;
    private final GatewayProperties properties;
    private final Duration publishTimeout;
    private final LongAdder sent = new LongAdder();
    private final LongAdder sentValor = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** @param publishTimeout how long a request waits for the broker's acknowledgement of its orders */
    public KafkaOrderGateway(EventStorePublisher<OrderCreated> publisher, GatewayProperties properties,
                             Duration publishTimeout) {
        this.publisher = publisher;
        this.properties = properties;
        this.publishTimeout = publishTimeout;
    }

    /** Where the broker put the order: its topic partition (= store partition) and offset. */
    public record Published(OrderCreated order, int partition, long offset) {
    }

    @Override
    public String gatewayId() {
        return properties.id();
    }

    @Override
    public int maxBulk() {
        return properties.maxBulk();
    }

    /**
     * Publishes one order and waits for the broker.
     *
     * @throws PublishFailedException when the broker did not acknowledge it within the timeout
     */
    @Override
    public Published send() {
        OrderCreated order = newOrder();
        CompletableFuture<PublishResult> future = publish(order);
        try {
            PublishResult result = future.get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Published(order, result.partition(), result.offset());
        } catch (ExecutionException e) {
            throw new PublishFailedException("publishing order " + order.id() + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new PublishFailedException("the broker did not acknowledge order " + order.id() + " within "
                    + publishTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing order " + order.id(), e);
        }
    }

    /** Publishes {@code n} orders at once (the producer batches them) and waits for every acknowledgement. */
    @Override
    public OrderGateway.BulkResult sendMany(int n) {
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(publish(newOrder()));
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        int succeeded = 0;
        for (CompletableFuture<PublishResult> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                succeeded++;
            } catch (ExecutionException | TimeoutException e) {
                // counted in failed by publish() once it completes exceptionally
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new OrderGateway.BulkResult(n, succeeded, n - succeeded);
    }

    @Override
    public OrderGateway.LocalStats localStats() {
        return new OrderGateway.LocalStats(properties.id(), sent.sum(), sentValor.sum(), failed.sum());
    }

    private OrderCreated newOrder() {
        return new OrderCreated(properties.id() + "-" + UUID.randomUUID(),
                ThreadLocalRandom.current().nextInt(1, 5000), Instant.now(), properties.id());
    }

    /** Counts the order when (and only when) the broker's answer arrives, whoever waits for it. */
    private CompletableFuture<PublishResult> publish(OrderCreated order) {
        CompletableFuture<PublishResult> future;
        try {
            future = publisher.publish(order);
        } catch (RuntimeException e) {
            failed.increment();
            return CompletableFuture.failedFuture(e);
        }
        return future.whenComplete((result, error) -> {
            if (error == null) {
                sent.increment();
                sentValor.add(order.valor());
            } else {
                failed.increment();
            }
        });
    }
}
