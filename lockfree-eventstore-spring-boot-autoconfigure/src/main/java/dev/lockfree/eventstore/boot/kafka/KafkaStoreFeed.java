package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.eventstore.kafka.KafkaStoreBinding;
import dev.lockfree.eventstore.kafka.RecordDecoder;
import dev.lockfree.eventstore.kafka.Replay;
import dev.lockfree.eventstore.kafka.TopicCheck;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * One store fed by its topic on this instance: a Spring Kafka listener container whose listener and rebalance
 * listener only hand over to the store's {@link KafkaStoreBinding} (which holds all the consumption logic), and
 * the store's {@link EventStorePublisher}.
 *
 * <p>Lifecycle, in the phase of Spring Kafka's own containers ({@link #PHASE}): it starts after the snapshot
 * lifecycle (which opened the store's {@link Snapshotter} without restoring the whole store: partitions are
 * restored as Kafka assigns them) and after the web server (whose port is part of the client id, see
 * {@link MemberAddress}), and stops before both: stopping the container revokes every partition, which takes
 * each one's final snapshot and commits its offsets while the snapshotter still runs.
 *
 * <p>Start-up fails, naming the topic, both partition counts and the configuration key, when the topic is
 * missing or its partition count differs from the store's: store partition i is fed by topic partition i, in
 * both modes.
 *
 * @param <T> the event type
 */
public final class KafkaStoreFeed<T> implements SmartLifecycle, DisposableBean {

    /** Spring Kafka's container phase ({@code AbstractMessageListenerContainer.DEFAULT_PHASE}). */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    /** How often an idle consumer (no records) refreshes the lag of its partitions. */
    static final Duration IDLE_LAG_INTERVAL = Duration.ofSeconds(1);

    private static final Log LOG = LogFactory.getLog(KafkaStoreFeed.class);
    private static final String COORDINATOR_METRICS = "consumer-coordinator-metrics";
    private static final String LAST_HEARTBEAT = "last-heartbeat-seconds-ago";
    private static final String LAST_REBALANCE = "last-rebalance-seconds-ago";

    private final KafkaFeedSettings settings;
    private final EventStore<T> store;
    private final RecordDecoder<T> decoder;
    private final Supplier<@Nullable Snapshotter<T>> snapshotter;
    private final ConsumerFactory<String, byte[]> consumers;
    private final ProducerFactory<String, T> producers;
    private final @Nullable ProducerFactory<String, byte[]> deadLetterProducers;
    private final Supplier<URI> advertisedUrl;
    private final Clock clock;
    private final Object monitor = new Object();
    private volatile @Nullable KafkaStoreBinding<T> binding;
    /** Started with {@code consume=false}: no container, the publisher only. */
    private volatile boolean publishingOnly;
    private volatile @Nullable ConcurrentMessageListenerContainer<String, byte[]> container;
    private volatile @Nullable EventStorePublisher<T> publisher;
    private volatile long startedAt;

    /**
     * @param snapshotter         the store's snapshotter once snapshots run, or {@code null} (asked at start)
     * @param consumers           consumers with String keys and byte[] values, auto-commit off
     * @param producers           producers whose value serializer writes the store's JSON (the publisher's)
     * @param deadLetterProducers producers of raw records for the dead-letter topic; {@code null} without one
     * @param advertisedUrl       this instance's base URL for the client id (asked at start, once the web
     *                            server has its port)
     */
    public KafkaStoreFeed(KafkaFeedSettings settings, EventStore<T> store, RecordDecoder<T> decoder,
                          Supplier<@Nullable Snapshotter<T>> snapshotter, ConsumerFactory<String, byte[]> consumers,
                          ProducerFactory<String, T> producers,
                          @Nullable ProducerFactory<String, byte[]> deadLetterProducers,
                          Supplier<URI> advertisedUrl, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.producers = Objects.requireNonNull(producers, "producers");
        if ((settings.deadLetterTopic() == null) != (deadLetterProducers == null)) {
            throw new IllegalArgumentException("deadLetterProducers must be given exactly when a dead-letter topic is");
        }
        this.deadLetterProducers = deadLetterProducers;
        this.advertisedUrl = Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public KafkaFeedSettings settings() {
        return settings;
    }

    public EventStore<T> store() {
        return store;
    }

    /** The binding once the feed started (it claims the store's feed then), else empty. */
    public Optional<KafkaStoreBinding<T>> binding() {
        return Optional.ofNullable(binding);
    }

    /** The publisher of the store's events to its topic; its producer is created on first use and shared. */
    public EventStorePublisher<T> publisher() {
        EventStorePublisher<T> p = publisher;
        if (p == null) {
            synchronized (monitor) {
                p = publisher;
                if (p == null) {
                    p = new EventStorePublisher<>(store, settings.topic(), producers.createProducer());
                    publisher = p;
                }
            }
        }
        return p;
    }

    /**
     * How long since the consumer last heard from the group coordinator (its last heartbeat or completed
     * rebalance, whichever is newer; since the start before either), or empty when the feed is not running.
     */
    public Optional<Duration> sinceLastContact() {
        ConcurrentMessageListenerContainer<String, byte[]> c = container;
        if (c == null || !c.isRunning()) {
            return Optional.empty();
        }
        long sinceStart = Math.max(0, clock.millis() - startedAt);
        double seconds = Double.NaN;
        for (Map<MetricName, ? extends Metric> metrics : c.metrics().values()) {
            for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
                // the newest of the last heartbeat and the last completed rebalance (a join is contact too: a
                // member that just joined has sent no heartbeat yet)
                if (COORDINATOR_METRICS.equals(metric.getKey().group())
                        && (LAST_HEARTBEAT.equals(metric.getKey().name())
                            || LAST_REBALANCE.equals(metric.getKey().name()))
                        && metric.getValue().metricValue() instanceof Number n) {
                    double value = n.doubleValue();
                    if (!Double.isNaN(value) && value >= 0 && (Double.isNaN(seconds) || value < seconds)) {
                        seconds = value;
                    }
                }
            }
        }
        // no contact yet reads as NaN, -1 or as "since 1970": then the time since the start is what counts
        if (Double.isNaN(seconds) || seconds * 1000 > sinceStart + 1000) {
            return Optional.of(Duration.ofMillis(sinceStart));
        }
        return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (!settings.consume()) {
                startPublishingOnly();
                return;
            }
            ConcurrentMessageListenerContainer<String, byte[]> running = container;
            if (running != null && running.isRunning()) {
                return;
            }
            KafkaStoreBinding<T> b = binding;
            if (b == null) {
                b = newBinding();
                binding = b;
            }
            String clientId = MemberAddress.clientIdPrefix(settings.store(), advertisedUrl.get());
            verifyTopic(clientId + "-check");
            ConcurrentMessageListenerContainer<String, byte[]> c = running != null ? running
                    : newContainer(b, clientId);
            container = c;
            startedAt = clock.millis();
            c.start();
            LOG.info("Event store '" + settings.store() + "' is fed by topic '" + settings.topic() + "' ("
                    + settings.mode().name().toLowerCase(java.util.Locale.ROOT) + " mode, group '"
                    + settings.groupId() + "', client id " + clientId + ")");
        }
    }

    /**
     * Fails start-up unless the topic exists with the store's partition count. Asks through a short-lived Admin
     * client over the consumers' connection settings ({@code describeTopics}): a probe consumer would cost a
     * consumer's buffers and fetch machinery just to read one number.
     */
    private void verifyTopic(String clientId) {
        Map<String, Object> config = new HashMap<>();
        Set<String> adminKeys = AdminClientConfig.configNames();
        // the consumers' connection, security and timeouts; their deserializers, group and the like mean nothing
        // to an Admin client, which would only log them as unused
        consumers.getConfigurationProperties().forEach((key, value) -> {
            if (adminKeys.contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        // a consumer accepts default.api.timeout.ms below request.timeout.ms, an Admin client refuses it: bound
        // the request by the call, as the consumer's check did
        Long apiTimeout = millis(config.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        if (apiTimeout != null) {
            Long requestTimeout = millis(config.get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG));
            if (requestTimeout == null || requestTimeout > apiTimeout) {
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, apiTimeout));
            }
        }
        TopicDescription description;
        try (Admin admin = Admin.create(config)) {
            description = admin.describeTopics(List.of(settings.topic())).allTopicNames().get()
                    .get(settings.topic());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw TopicCheck.missingTopic(settings.topic(), store.partitions(), settings.partitionsKey());
            }
            throw cannotCheck(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cannotCheck(e);
        } catch (KafkaException e) {
            throw cannotCheck(e);
        }
        if (description == null) {
            throw TopicCheck.missingTopic(settings.topic(), store.partitions(), settings.partitionsKey());
        }
        TopicCheck.verifyPartitionCount(settings.topic(), description.partitions().size(), store.partitions(),
                settings.partitionsKey());
    }

    /** A timeout as configured (a number or its text), or {@code null} when unset or unreadable. */
    private static @Nullable Long millis(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return null; // the Admin client rejects it with its own message
        }
    }

    private IllegalStateException cannotCheck(Throwable e) {
        return new IllegalStateException("Cannot check topic '" + settings.topic() + "' of event store '"
                + settings.store() + "' at start-up: " + e.getMessage() + " (is the broker of "
                + "spring.kafka.bootstrap-servers reachable?)", e);
    }

    /**
     * An instance that only publishes (a gateway) joins no group: it checks the topic through its producer and
     * holds nothing. Its store stays empty; {@link EventStoreCluster} asks the group's members.
     */
    private void startPublishingOnly() {
        try {
            publisher().verify(settings.partitionsKey());
        } catch (KafkaException e) {
            throw cannotCheck(e);
        }
        publishingOnly = true;
        LOG.info("Event store '" + settings.store() + "' publishes to topic '" + settings.topic()
                + "' and does not consume it (eventstore.stores." + settings.store() + ".kafka.consume=false)");
    }

    /**
     * What the cluster query needs of this store: the partitions held now are the binding's held ones, assigned and
     * caught up with their replay (none before the feed started, and none ever on an instance that only publishes).
     */
    public KafkaFedStore fedStore() {
        return new KafkaFedStore(settings.store(), settings.topic(), settings.groupId(), settings.mode(), store,
                () -> {
                    KafkaStoreBinding<T> b = binding;
                    return b == null ? new TreeSet<>() : b.heldPartitions();
                });
    }

    private KafkaStoreBinding<T> newBinding() {
        KafkaStoreBinding.Builder<T> builder = KafkaStoreBinding.builder(store, settings.topic(), decoder)
                .replay(Replay.valueOf(settings.replay().name()))
                .partitionsKey(settings.partitionsKey());
        Snapshotter<T> s = snapshotter.get();
        if (s != null) {
            builder.snapshotter(s);
        }
        String deadLetterTopic = settings.deadLetterTopic();
        ProducerFactory<String, byte[]> dlt = deadLetterProducers;
        if (deadLetterTopic != null && dlt != null) {
            builder.deadLetter(new DeadLetterTopic(deadLetterTopic, new KafkaTemplate<>(dlt)));
        }
        return builder.build();
    }

    private ConcurrentMessageListenerContainer<String, byte[]> newContainer(KafkaStoreBinding<T> b, String clientId) {
        ContainerProperties props = new ContainerProperties(settings.topic());
        props.setGroupId(settings.groupId());
        props.setClientId(clientId);
        // the container commits each batch's positions when the listener returned: the binding handled every
        // record of it (appended or skipped), so what is committed is exactly what the store holds or skipped
        props.setAckMode(ContainerProperties.AckMode.BATCH);
        // positions come from the snapshot or the replay setting, never from a commit made at assignment
        props.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
        props.setConsumerRebalanceListener(new Rebalance<>(b));
        props.setMessageListener((BatchConsumerAwareMessageListener<String, byte[]>) (records, consumer) -> {
            b.acceptAll(records);
            b.updateLag(consumer);
        });
        // A partition that receives no records never reaches the listener: its lag would stay unknown (-1), and one
        // whose end offset could not be read at assignment would not count as held until a record came. The
        // container's idle event is published on the consumer thread, so the consumer may be asked there.
        props.setIdleEventInterval(IDLE_LAG_INTERVAL.toMillis());
        props.setIdleBeforeDataMultiplier(1.0);
        ConcurrentMessageListenerContainer<String, byte[]> c = new ConcurrentMessageListenerContainer<>(consumers,
                props);
        c.setApplicationEventPublisher(event -> {
            if (event instanceof ListenerContainerIdleEvent idle && idle.getConsumer() != null) {
                b.updateLag(idle.getConsumer());
            }
        });
        c.setConcurrency(1); // one consumer thread: the binding's partitions are fed from one thread each anyway
        c.setBeanName(settings.store() + "KafkaFeed");
        c.setAutoStartup(false);
        return c;
    }

    /** Hands Kafka's rebalance callbacks to the binding, on the consumer thread. */
    private record Rebalance<T>(KafkaStoreBinding<T> binding) implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            binding.assigned(partitions, consumer);
        }

        /** The container committed the positions already: now the final snapshot, then the release. */
        @Override
        public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            binding.revoked(partitions);
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            binding.lost(partitions);
        }
    }

    @Override
    public void stop() {
        publishingOnly = false;
        ConcurrentMessageListenerContainer<String, byte[]> c = container;
        if (c != null) {
            c.stop();
        }
    }

    /** Stops the container; it calls back once its consumer closed, i.e. after every revocation ran. */
    @Override
    public void stop(Runnable callback) {
        publishingOnly = false;
        ConcurrentMessageListenerContainer<String, byte[]> c = container;
        if (c != null && c.isRunning()) {
            c.stop(callback);
        } else {
            callback.run();
        }
    }

    @Override
    public boolean isRunning() {
        ConcurrentMessageListenerContainer<String, byte[]> c = container;
        return publishingOnly || c != null && c.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the producers (of the publisher and the dead-letter topic). */
    @Override
    public void destroy() {
        producers.reset();
        ProducerFactory<String, byte[]> dlt = deadLetterProducers;
        if (dlt != null) {
            dlt.reset();
        }
    }

    @Override
    public String toString() {
        return "KafkaStoreFeed[store=" + settings.store() + ", topic=" + settings.topic() + ", mode="
                + settings.mode() + ", group=" + settings.groupId() + "]";
    }
}
