package dev.lockfree.eventstore.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.EventStoreCustomizer;
import dev.lockfree.eventstore.boot.EventStoreRegistrar;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.snapshot.SnapshotNames;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link EventStoreRegistry}: the stores of {@code eventstore.stores.*} and of the
 * {@link EventStoreRegistrar}s, each from {@code eventstore.defaults.*}, then its own settings, then the
 * {@link EventStoreCustomizer}s.
 */
final class EventStoreRegistryFactory {

    /** A registrar and where it comes from (for messages). */
    record NamedRegistrar(String origin, EventStoreRegistrar registrar) {
    }

    private record Definition<E>(String name, Class<E> eventType, String origin, @Nullable Boolean snapshotEnabled,
                                 Consumer<? super EventStoreBuilder<E>> configurer) {
    }

    private final EventStoreProperties properties;
    private final List<NamedRegistrar> registrars;
    private final List<EventStoreCustomizer> customizers;

    EventStoreRegistryFactory(EventStoreProperties properties, List<NamedRegistrar> registrars,
                              List<EventStoreCustomizer> customizers) {
        this.properties = properties;
        this.registrars = registrars;
        this.customizers = customizers;
    }

    EventStoreRegistry create() {
        Map<String, Definition<?>> definitions = new LinkedHashMap<>();
        properties.stores().forEach((name, store) -> add(definitions,
                fromProperties(name, store, properties.defaults().window())));
        for (NamedRegistrar named : registrars) {
            named.registrar().registerStores(new EventStoreRegistrar.Stores() {
                @Override
                public <E> EventStoreRegistrar.Stores register(String name, Class<E> eventType,
                                                               Consumer<? super EventStoreBuilder<E>> configurer) {
                    try {
                        SnapshotNames.requireValidStoreName(name);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException(named.origin() + " declares an invalid store name: "
                                + e.getMessage(), e);
                    }
                    Objects.requireNonNull(eventType, "eventType");
                    Objects.requireNonNull(configurer, "configurer");
                    add(definitions, new Definition<>(name, eventType, named.origin(), null, configurer));
                    return this;
                }
            });
        }
        List<EventStoreRegistry.Entry<?>> entries = new ArrayList<>();
        for (Definition<?> definition : definitions.values()) {
            entries.add(build(definition));
        }
        return new EventStoreRegistry(entries);
    }

    private static void add(Map<String, Definition<?>> definitions, Definition<?> definition) {
        Definition<?> previous = definitions.putIfAbsent(definition.name(), definition);
        if (previous != null) {
            throw new IllegalStateException("Event store '" + definition.name() + "' is declared twice: by "
                    + previous.origin() + " and by " + definition.origin());
        }
    }

    @SuppressWarnings("unchecked")
    private static Definition<?> fromProperties(String name, EventStoreProperties.Store store,
                                                EventStoreProperties.Window defaultWindow) {
        EventStoreProperties.Store s = store != null ? store
                : new EventStoreProperties.Store(null, null, null, null, null, null, null, null, null, null, null);
        Class<Object> type = (Class<Object>) s.effectiveEventType();
        String key = "eventstore.stores." + name;
        // resolve the accessors now, so that a bad property fails with its key even before the builder runs
        Consumer<EventStoreBuilder<Object>> configurer = accessorsAndSettings(key, type, s, defaultWindow);
        return new Definition<>(name, type, "property '" + key + "'", s.snapshotEnabled(), configurer);
    }

    private static <E> Consumer<EventStoreBuilder<E>> accessorsAndSettings(String key, Class<E> type,
                                                                           EventStoreProperties.Store s,
                                                                           EventStoreProperties.Window defaultWindow) {
        var timestamp = s.timestampProperty() == null ? null
                : PropertyAccessors.timestamp(key + ".timestamp-property", type, s.timestampProperty());
        var value = s.valueProperty() == null ? null
                : PropertyAccessors.value(key + ".value-property", type, s.valueProperty());
        var routingKey = s.keyProperty() == null ? null
                : PropertyAccessors.key(key + ".key-property", type, s.keyProperty());
        return builder -> {
            if (s.capacityPerPartition() != null) {
                builder.withCapacityPerPartition(s.capacityPerPartition());
            }
            if (s.partitions() != null) {
                builder.withPartitions(s.partitions());
            }
            if (s.overflowPolicy() != null) {
                builder.withOverflowPolicy(s.overflowPolicy());
            }
            if (s.windowTracking() != null) {
                builder.withWindowTracking(s.windowTracking());
            }
            if (timestamp != null) {
                builder.withTimestampSelector(timestamp);
            }
            if (value != null) {
                builder.withValueSelector(value);
            }
            if (routingKey != null) {
                builder.withKeySelector(routingKey);
            }
            if (s.kafkaFeed() != null) {
                // only the topic feeds it: an event appended here alone would look stored but no other
                // instance (nor this one after a restart) would ever see it
                String name = key.substring("eventstore.stores.".length());
                builder.withExternalFeed(name, "the EventStorePublisher bean '" + name + "EventPublisher'");
            }
            if (s.window() != null) {
                Duration size = s.window().size() != null ? s.window().size() : defaultWindow.size();
                Duration width = s.window().bucketWidth() != null ? s.window().bucketWidth()
                        : defaultWindow.bucketWidth();
                builder.withWindow(size, width);
            }
        };
    }

    private <E> EventStoreRegistry.Entry<E> build(Definition<E> definition) {
        EventStoreBuilder<E> builder = EventStore.builder();
        applyDefaults(definition.eventType(), builder);
        definition.configurer().accept(builder);
        for (EventStoreCustomizer customizer : customizers) {
            customizer.customize(definition.name(), builder);
        }
        EventStore<E> store;
        try {
            store = builder.create();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Event store '" + definition.name() + "' (" + definition.origin()
                    + ") is misconfigured: " + e.getMessage(), e);
        }
        boolean snapshotEnabled = definition.snapshotEnabled() == null || definition.snapshotEnabled();
        return new EventStoreRegistry.Entry<>(definition.name(), definition.eventType(), store,
                definition.origin(), snapshotEnabled);
    }

    @SuppressWarnings("unchecked")
    private <E> void applyDefaults(Class<E> type, EventStoreBuilder<E> builder) {
        EventStoreProperties.Defaults defaults = properties.defaults();
        builder.withCapacityPerPartition(defaults.capacityPerPartition())
                .withPartitions(defaults.effectivePartitions())
                .withOverflowPolicy(defaults.overflowPolicy())
                .withWindowTracking(defaults.windowTracking())
                .withWindow(defaults.window().size(), defaults.window().bucketWidth());
        // the core event types know their selectors; properties and customizers may still replace them
        if (type == Event.class) {
            EventStoreBuilder<Event> b = (EventStoreBuilder<Event>) builder;
            b.withTimestampSelector(Event.TIMESTAMP).withValueSelector(Event.VALUE).withKeySelector(Event.KEY);
        } else if (type == MetricEvent.class) {
            EventStoreBuilder<MetricEvent> b = (EventStoreBuilder<MetricEvent>) builder;
            b.withTimestampSelector(MetricEvent.TIMESTAMP).withValueSelector(MetricEvent.VALUE)
                    .withKeySelector(MetricEvent.LABEL);
        }
    }
}
