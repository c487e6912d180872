package dev.lockfree.sample.dashboard.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.beans.factory.DisposableBean;

import dev.lockfree.eventstore.client.AppendResult;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.EventStoreClientException;

/**
 * Takes orders and appends each to the central stream with its id as idempotency key, so the client's retries
 * after a lost response never store an order twice. Counts what it sent, so that the sum over the gateways can
 * be checked against the central totals.
 */
public class OrderGateway implements OrderIntake<OrderGateway.Sent>, DisposableBean {

    private final EventStoreClient client;
    private final GatewayProperties properties;
    private final ExecutorService bulk;
    private final LongAdder sent = new LongAdder();
    private final LongAdder sentValor = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public OrderGateway(EventStoreClient client, GatewayProperties properties) {
        this.client = client;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.bulk = Executors.newFixedThreadPool(properties.bulkConcurrency(), task -> {
            Thread thread = new Thread(task, "gateway-bulk-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public record Sent(OrderCreated order, long version, boolean duplicate) {
    }

    public record BulkResult(int requested, int succeeded, int failed) {
    }

    public record LocalStats(String gatewayId, long sent, long sentValor, long failed) {
    }

    @Override
    public String gatewayId() {
        return properties.id();
    }

    public String stream() {
        return properties.stream();
    }

    @Override
    public int maxBulk() {
        return properties.maxBulk();
    }

    @Override
    public Sent send() {
        OrderCreated order = new OrderCreated(properties.id() + "-" + UUID.randomUUID(),
                ThreadLocalRandom.current().nextInt(1, 5000), Instant.now(), properties.id());
        try {
            AppendResult result = client.append(properties.stream(), order, order.id());
            if (!result.duplicate()) {
                sent.increment();
                sentValor.add(order.valor());
            }
            return new Sent(order, result.version(), result.duplicate());
        } catch (EventStoreClientException e) {
            failed.increment();
            throw e;
        }
    }

    @Override
    public BulkResult sendMany(int n) {
        List<Future<Sent>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(bulk.submit(this::send));
        }
        int succeeded = 0;
        for (Future<Sent> future : futures) {
            try {
                future.get();
                succeeded++;
            } catch (ExecutionException e) {
                // counted in failed by send()
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                break;
            }
        }
        return new BulkResult(n, succeeded, n - succeeded);
    }

    @Override
    public LocalStats localStats() {
        return new LocalStats(properties.id(), sent.sum(), sentValor.sum(), failed.sum());
    }

    @Override
    public void destroy() {
        bulk.shutdownNow(); // the client is a bean of its own: Spring closes it
    }
}
