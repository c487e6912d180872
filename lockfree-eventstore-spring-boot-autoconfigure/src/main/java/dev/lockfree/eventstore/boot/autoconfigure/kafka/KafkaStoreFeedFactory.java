package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodec;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodecFactory;
import dev.lockfree.eventstore.boot.kafka.JsonRecordDecoder;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMode;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedSettings;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Creates the {@link KafkaStoreFeed} of one store from its properties, the store, its Jackson codec and the
 * configuration of Boot's Kafka consumer and producer factories ({@code spring.kafka.*}): the connection, security
 * and tuning come from there; the serializers, the group, the client id and auto-commit are the feed's.
 */
final class KafkaStoreFeedFactory {

    private KafkaStoreFeedFactory() {
    }

    static <T> KafkaStoreFeed<T> create(String name, Class<T> eventType, BeanRegistry.SupplierContext context) {
        EventStoreProperties properties = context.bean(EventStoreProperties.class);
        EventStoreProperties.Store storeProperties = properties.stores().get(name);
        EventStoreProperties.StoreKafka kafka = storeProperties == null ? null : storeProperties.kafkaFeed();
        if (kafka == null || kafka.topic() == null) {
            throw new IllegalStateException("eventstore.stores." + name + ".kafka.topic is not set");
        }
        Environment env = context.bean(Environment.class);
        EventStore<T> store = context.bean(EventStoreRegistry.class).get(name, eventType);
        JacksonEventCodecFactory codecs = context.beanProvider(JacksonEventCodecFactory.class)
                .getIfAvailable(() -> new JacksonEventCodecFactory(JsonMapper.builder().build()));
        JacksonEventCodec<T> codec = codecs.codecFor(eventType);

        ConsumerFactory<?, ?> bootConsumers = context.beanProvider(ConsumerFactory.class).getIfAvailable();
        ProducerFactory<?, ?> bootProducers = context.beanProvider(ProducerFactory.class).getIfAvailable();
        if (bootConsumers == null || bootProducers == null) {
            throw new IllegalStateException("Event store '" + name + "' is fed by Kafka topic '" + kafka.topic()
                    + "' (eventstore.stores." + name + ".kafka.topic) but there is no Kafka "
                    + (bootConsumers == null ? "ConsumerFactory" : "ProducerFactory") + " bean: add "
                    + "org.springframework.boot:spring-boot-starter-kafka and set spring.kafka.bootstrap-servers");
        }
        Map<String, Object> consumerConfig = new HashMap<>(bootConsumers.getConfigurationProperties());
        consumerConfig.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        consumerConfig.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumerConfig,
                new StringDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerConfig = new HashMap<>(bootProducers.getConfigurationProperties());
        producerConfig.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        producerConfig.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        Serializer<T> json = (topic, event) -> event == null ? null : codec.toJson(event);
        DefaultKafkaProducerFactory<String, T> producers = new DefaultKafkaProducerFactory<>(producerConfig,
                new StringSerializer(), json);
        DefaultKafkaProducerFactory<String, byte[]> deadLetters = kafka.deadLetterTopic() == null ? null
                : new DefaultKafkaProducerFactory<>(producerConfig, new StringSerializer(), new ByteArraySerializer());

        String group = kafka.groupId() != null ? kafka.groupId()
                : env.getProperty("spring.application.name", "eventstore") + "-" + name;
        if (kafka.mode() == KafkaFeedMode.REPLICA) {
            group = group + "-" + UUID.randomUUID(); // every instance reads every partition: a group of its own
        }
        KafkaFeedSettings settings = new KafkaFeedSettings(name, kafka.topic(), kafka.mode(), group, kafka.replay(),
                kafka.deadLetterTopic(), "eventstore.stores." + name + ".partitions",
                properties.kafka().healthDownAfter(), kafka.consume());

        EventStoreSnapshotLifecycle lifecycle = context.beanProvider(EventStoreSnapshotLifecycle.class)
                .getIfAvailable();
        Supplier<@Nullable Snapshotter<T>> snapshotter = () -> lifecycle == null ? null
                : lifecycle.snapshotter(store, name).orElse(null);
        URI configured = properties.kafka().advertisedUrl();
        Supplier<URI> advertisedUrl = configured != null ? () -> configured : () -> localUrl(env);
        return new KafkaStoreFeed<>(settings, store, new JsonRecordDecoder<>(codec), snapshotter, consumers,
                producers, deadLetters, advertisedUrl, Clock.systemUTC());
    }

    /**
     * {@code http://<host>:<port>} of the server that serves Actuator (other instances call its cluster endpoint):
     * the management port when Actuator has its own ({@code local.management.port}), else the port the web server
     * listens on (both started before the feeds), else {@code server.port}, else 8080; the host is the address the
     * server is bound to ({@code management.server.address} / {@code server.address}) unless that is a wildcard,
     * else this host's address (loopback when the host name does not resolve).
     */
    private static URI localUrl(Environment env) {
        String managementPort = env.getProperty("local.management.port");
        boolean ownManagementServer = managementPort != null
                && !managementPort.equals(env.getProperty("local.server.port"));
        String port = ownManagementServer ? managementPort
                : env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String bound = ownManagementServer ? env.getProperty("management.server.address")
                : env.getProperty("server.address");
        String host = null;
        if (bound != null && !bound.isBlank()) {
            try {
                InetAddress address = InetAddress.getByName(bound.trim());
                if (!address.isAnyLocalAddress()) {
                    host = address.getHostAddress();
                }
            } catch (UnknownHostException e) {
                host = null; // Boot would not have bound to it either; fall back to this host's address
            }
        }
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                host = InetAddress.getLoopbackAddress().getHostAddress();
            }
        }
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]"; // IPv6
        }
        return URI.create("http://" + host + ":" + port);
    }
}
