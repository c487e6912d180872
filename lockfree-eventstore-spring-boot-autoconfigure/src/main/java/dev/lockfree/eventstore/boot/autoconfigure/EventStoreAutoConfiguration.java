package dev.lockfree.eventstore.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.EventStoreCustomizer;
import dev.lockfree.eventstore.boot.EventStoreRegistrar;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.codec.EventCodecFactory;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodecFactory;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.SnapshotListener;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the event stores: the {@link EventStoreRegistry}, one typed {@code EventStore<T>}
 * bean per configured store, and, with {@code eventstore.snapshot.enabled=true}, the
 * {@link EventStoreSnapshotLifecycle}.
 */
@AutoConfiguration
@ConditionalOnClass(EventStore.class)
@ConditionalOnBooleanProperty(name = "eventstore.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventStoreProperties.class)
@Import(EventStoreBeanRegistrar.class)
@ImportRuntimeHints(EventStoreRuntimeHints.class)
public final class EventStoreAutoConfiguration {

    /** Suffix of the name of an {@link EventCodec} bean that overrides the snapshot codec of a store. */
    public static final String CODEC_BEAN_NAME_SUFFIX = "EventCodec";

    @Bean
    @ConditionalOnMissingBean
    EventStoreRegistry eventStoreRegistry(EventStoreProperties properties, ListableBeanFactory beanFactory,
                                          ObjectProvider<EventStoreCustomizer> customizers) {
        requireKafkaSupportForKafkaFedStores(properties,
                beanFactory instanceof ConfigurableBeanFactory c ? c.getBeanClassLoader() : null);
        List<Map.Entry<String, EventStoreRegistrar>> registrars =
                new ArrayList<>(beanFactory.getBeansOfType(EventStoreRegistrar.class).entrySet());
        registrars.sort((a, b) -> AnnotationAwareOrderComparator.INSTANCE.compare(a.getValue(), b.getValue()));
        List<EventStoreRegistryFactory.NamedRegistrar> named = new ArrayList<>();
        for (Map.Entry<String, EventStoreRegistrar> registrar : registrars) {
            named.add(new EventStoreRegistryFactory.NamedRegistrar(
                    "EventStoreRegistrar bean '" + registrar.getKey() + "'", registrar.getValue()));
        }
        return new EventStoreRegistryFactory(properties, named, customizers.orderedStream().toList()).create();
    }

    /**
     * A store naming a topic refuses local appends: without the Kafka wiring on the classpath nothing would ever
     * feed it, so start-up fails instead of serving a store that stays empty.
     */
    private static void requireKafkaSupportForKafkaFedStores(EventStoreProperties properties,
                                                             @Nullable ClassLoader classLoader) {
        properties.stores().forEach((name, store) -> {
            if (store != null && store.kafkaFeed() != null) {
                for (String[] required : KAFKA_CLASSES) {
                    if (!ClassUtils.isPresent(required[0], classLoader)) {
                        throw new IllegalStateException("eventstore.stores." + name + ".kafka.topic is set but "
                                + required[0] + " is not on the classpath: add " + required[1]);
                    }
                }
            }
        });
    }

    private static final String[][] KAFKA_CLASSES = {
            { "org.springframework.kafka.listener.ConcurrentMessageListenerContainer",
                    "org.springframework.boot:spring-boot-starter-kafka" },
            { "dev.lockfree.eventstore.kafka.KafkaStoreBinding", "dev.lockfree:lockfree-eventstore-kafka" },
            { "tools.jackson.databind.json.JsonMapper", "tools.jackson.core:jackson-databind" } };

    /** The stores are created (and their accessors resolved) at start-up even with lazy initialization. */
    @Bean
    static LazyInitializationExcludeFilter eventStoreLazyInitializationExcludeFilter() {
        return LazyInitializationExcludeFilter.forBeanTypes(EventStoreRegistry.class);
    }

    @Bean
    @ConditionalOnBooleanProperty("eventstore.snapshot.enabled")
    @ConditionalOnMissingBean
    EventStoreSnapshotLifecycle eventStoreSnapshotLifecycle(EventStoreRegistry registry,
                                                            EventStoreProperties properties,
                                                            ListableBeanFactory beanFactory,
                                                            ObjectProvider<EventCodecFactory> codecFactory,
                                                            ObjectProvider<SnapshotListener> listeners) {
        Map<String, EventCodec<?>> codecs = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            if (entry.snapshotEnabled()) {
                codecs.put(entry.name(), codec(entry, beanFactory, codecFactory));
            }
        }
        EventStoreProperties.Snapshot snapshot = properties.snapshot();
        return new EventStoreSnapshotLifecycle(registry, snapshot.directory(), snapshot.snapshotOptions(), codecs,
                listeners.orderedStream().toList());
    }

    private static EventCodec<?> codec(EventStoreRegistry.Entry<?> entry, ListableBeanFactory beanFactory,
                                       ObjectProvider<EventCodecFactory> codecFactory) {
        String beanName = entry.name() + CODEC_BEAN_NAME_SUFFIX;
        if (beanFactory.containsBean(beanName)) {
            return beanFactory.getBean(beanName, EventCodec.class);
        }
        if (entry.eventType() == Event.class) {
            return EventCodecs.event();
        }
        if (entry.eventType() == MetricEvent.class) {
            return EventCodecs.metricEvent();
        }
        EventCodecFactory factory = codecFactory.getIfAvailable();
        if (factory == null) {
            throw new IllegalStateException("Event store '" + entry.name() + "' (" + entry.origin()
                    + ") has snapshots enabled but there is no snapshot codec for " + entry.eventType().getName()
                    + ": declare an EventCodec bean named '" + beanName + "', put Jackson "
                    + "(tools.jackson.core:jackson-databind) on the classpath, or set eventstore.stores."
                    + entry.name() + ".snapshot.enabled=false");
        }
        return factory.codecFor(entry.eventType());
    }

    /** The Jackson snapshot codec, for event types without a core codec. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean(EventCodecFactory.class)
        JacksonEventCodecFactory eventStoreJacksonCodecFactory() {
            // a private mapper: the snapshot format must not change with the application's JSON settings
            return new JacksonEventCodecFactory(JsonMapper.builder().build());
        }
    }
}
