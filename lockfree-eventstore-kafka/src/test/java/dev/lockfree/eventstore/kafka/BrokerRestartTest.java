package dev.lockfree.eventstore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The broker goes away and comes back: the store keeps answering from what it holds, the consumer loop keeps
 * running, records published during the outage wait in the producer, and consumption resumes with no gap and no
 * duplicate.
 *
 * <p><b>How the broker is restarted.</b> {@link EmbeddedKafkaKraftBroker} has no stop/start of its own (only
 * {@code destroy()}, which deletes its log directories), but it exposes its {@code KafkaClusterTestKit}, whose
 * {@link BrokerServer} is restartable in place: {@code shutdown()} is a controlled shutdown that closes the broker's
 * listener, log manager, group coordinator and replica manager, and {@code startup()} builds them again from the
 * same configuration, so the broker recovers the same log directories and comes back on the same port: the test kit
 * writes a concrete port into {@code listeners} (bound in advance for the first start, bound again at that port on a
 * restart). Spring's {@code kafkaPorts(...)} is not the way to fix the port here: the KRaft broker stores it but does
 * not use it. This is what Kafka's own
 * {@code ClusterInstance.shutdownBroker/startBroker} do for its integration tests. The cluster is a combined KRaft
 * node, so its controller keeps running during the outage; for clients the broker is gone (its port refuses
 * connections, asserted below), which is what the store has to survive. A separate broker process from the Kafka
 * server jars (as {@code scripts/lib/kafka.sh} runs) would also stop the controller, which no client talks to.
 */
class BrokerRestartTest {

    private static final int PARTITIONS = 3;
    private static final int CAPACITY = 25;

    private EmbeddedKafkaKraftBroker broker;
    private int port;
    private PublishedRecords published;
    private ConsumerLoop loop;

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        assertThat(bootstrap).as("one broker on loopback").matches("(localhost|127\\.0\\.0\\.1):\\d+");
        port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (loop != null) {
                loop.close();
            }
            if (published != null) {
                published.close();
            }
        } finally {
            broker.destroy();
        }
    }

    @Test
    void whileTheBrokerIsGoneTheStoreServesWhatItHoldsAndAfterItIsBackConsumptionResumesWithNoGapOrDuplicate()
            throws Exception {
        long seed = System.nanoTime();
        System.out.println("whileTheBrokerIsGone... seed=" + seed);
        Random random = new Random(seed);
        String bootstrap = broker.getBrokersAsString();
        String topic = "restarted";
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1));
        Topics.awaitLeaders(bootstrap, topic);
        published = new PublishedRecords(bootstrap, topic, PARTITIONS);
        EventStore<Reading> store = Reading.store("orders", PARTITIONS, CAPACITY).create();
        KafkaStoreBinding<Reading> binding = KafkaStoreBinding.builder(store, topic, Reading.DECODER)
                .replay(Replay.EARLIEST).build();
        loop = new ConsumerLoop(bootstrap, "g-" + topic, binding);
        published.send(150, random);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertHoldsEverythingPublished(store));
        long appendedBefore = store.statistics().totalAppended();

        BrokerServer server = onlyBroker();
        server.shutdown();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("the broker's port refuses connections").isInstanceOf(ConnectException.class);
        // published during the outage: send() itself blocks while no partition has a leader (up to max.block.ms),
        // so a publisher thread of its own hands them over and the broker acknowledges them once it is back
        Random outageRandom = new Random(seed + 1);
        CompletableFuture<Void> duringOutage = CompletableFuture.supplyAsync(() -> published.sendAsync(60, outageRandom))
                .thenCompose(acks -> acks);
        long pollsAtStop = loop.polls();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(loop.failure()).isNull();
            assertHoldsEverythingPublished(store); // still answering, and nothing lost or doubled
            assertThat(binding.assignedPartitions()).containsExactly(0, 1, 2);
        });
        assertThat(duringOutage).as("nothing is acknowledged while the broker is gone").isNotDone();
        assertThat(loop.polls()).as("the loop kept polling through the outage").isGreaterThan(pollsAtStop + 5);
        assertThat(store.statistics().totalAppended()).isEqualTo(appendedBefore);

        server.startup();
        assertThat(broker.getBrokersAsString()).as("back on the same port").isEqualTo(bootstrap);
        Topics.awaitLeaders(bootstrap, topic);
        duringOutage.get(120, TimeUnit.SECONDS);
        published.send(90, random);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(loop.failure()).isNull();
            assertHoldsEverythingPublished(store);
            assertThat(store.statistics().totalAppended()).isEqualTo(published.count());
        });
        assertThat(published.count()).isEqualTo(300);
        assertThat(binding.skipped()).as("no redelivery, no bad record").isEmpty();
        WindowAggregate window = store.windowAggregate(Instant.EPOCH, Instant.now().plus(Duration.ofHours(1)));
        List<Long> values = published.allValues();
        assertThat(window.count()).isEqualTo(values.size());
        assertThat(window.sum()).isEqualTo(values.stream().mapToLong(Long::longValue).sum());
    }

    private void assertHoldsEverythingPublished(EventStore<Reading> store) {
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(store.copyPartition(p)).extracting(Reading::offset).as("partition %d", p)
                    .containsExactlyElementsOf(published.newest(p, CAPACITY));
        }
    }

    private BrokerServer onlyBroker() {
        Map<Integer, BrokerServer> brokers = broker.getCluster().brokers();
        assertThat(brokers).hasSize(1);
        return brokers.values().iterator().next();
    }
}
