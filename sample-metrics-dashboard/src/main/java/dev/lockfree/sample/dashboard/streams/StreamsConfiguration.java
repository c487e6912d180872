package dev.lockfree.sample.dashboard.streams;


import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistrar;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.eventstore.stream.EventStreamsOptions;
import dev.lockfree.eventstore.stream.EvictionFeed;
import dev.lockfree.eventstore.stream.StreamRecord;
import dev.lockfree.eventstore.stream.StreamRecordCodec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream server's model: a store named {@code streams} of {@link StreamRecord}s with JSON bodies, declared
 * through the starter (so it is snapshotted, restored, measured and shown by Actuator like the others), and the
 * {@link EventStreams} over it, and the per-client budget of new streams.
 */
@Configuration(proxyBeanMethods = false)
public class StreamsConfiguration {

    /** Name of the backing store; its snapshot codec is the bean {@value #STORE}EventCodec. */
    public static final String STORE = "streams";

    /** The store's evictions, carried to the {@link EventStreams} created over it (exact retention per stream). */
    @Bean
    EvictionFeed<JsonNode> streamEvictions() {
        return new EvictionFeed<>();
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    EventStoreRegistrar streamStoreRegistrar(StreamsProperties properties, EvictionFeed<JsonNode> evictions) {
        return stores -> stores.register(STORE, StreamRecord.class, builder -> builder
                .withPartitions(properties.partitions())
                .withCapacityPerPartition(properties.capacityPerPartition())
                .withKeySelector(StreamRecord::stream)
                .withTimestampSelector(StreamRecord::timestamp)
                .onDiscarded((java.util.function.Consumer) evictions));
    }

    /** The codec the starter uses to snapshot the {@value #STORE} store (found by its bean name). */
    @Bean(name = STORE + "EventCodec")
    EventCodec<StreamRecord<JsonNode>> streamsEventCodec(JsonMapper json, StreamsProperties properties) {
        return StreamRecordCodec.of(new JsonNodeCodec(json, (int) properties.maxEventSize().toBytes()));
    }

    @Bean
    @SuppressWarnings("unchecked")
    EventStreams<JsonNode> eventStreams(EventStoreRegistry registry, StreamsProperties properties,
                                        EvictionFeed<JsonNode> evictions) {
        EventStore<StreamRecord<JsonNode>> store = (EventStore<StreamRecord<JsonNode>>) registry.get(STORE);
        return EventStreams.over(store, EventStreamsOptions.defaults()
                .withMaxStreams(properties.maxStreams())
                .withDedupe(properties.dedupeKeysPerStream(), properties.dedupeMaxAge()), evictions);
    }

    /** {@code dashboard.streams.max-new-streams-per-client} per {@code new-streams-window}, by the app's clock. */
    @Bean
    NewStreamBudget newStreamBudget(StreamsProperties properties, Clock clock) {
        return new NewStreamBudget(properties.maxNewStreamsPerClient(), properties.newStreamsWindow(),
                properties.maxTrackedClients(), clock);
    }

    @Bean
    WebMvcConfigurer newStreamLimit(EventStreams<JsonNode> streams, NewStreamBudget budget,
                                    StreamsProperties properties, JsonMapper json) {
        NewStreamLimitInterceptor interceptor = new NewStreamLimitInterceptor(streams, budget,
                properties.newStreamsWindow(), json);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns("/streams/**");
            }
        };
    }
}
