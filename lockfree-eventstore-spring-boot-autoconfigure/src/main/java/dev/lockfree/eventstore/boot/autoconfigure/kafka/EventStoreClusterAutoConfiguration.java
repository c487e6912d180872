package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreWindowEndpoint;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.kafka.AdminPartitionOwners;
import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;
import dev.lockfree.eventstore.boot.kafka.HttpOwnerClient;
import dev.lockfree.eventstore.boot.kafka.KafkaFedStore;
import dev.lockfree.eventstore.boot.kafka.OwnerClient;
import dev.lockfree.eventstore.boot.kafka.OwnerRequestCredentials;
import dev.lockfree.eventstore.boot.kafka.PartitionOwners;
import java.net.http.HttpClient;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@link EventStoreCluster} and what it needs, once the Kafka wiring has registered a {@link KafkaFedStore} bean per
 * Kafka-fed store: owner discovery through an Admin client made from Boot's {@link KafkaAdmin} configuration (the
 * {@code spring.kafka.*} connection), the HTTP {@link OwnerClient} (with {@code eventstore.kafka.cluster.username},
 * {@code .password} and {@code .headers.*} on each request), and the {@code eventstorewindow} endpoint that
 * answers the other instances. Each bean backs off when the application defines its own.
 *
 * <p>{@code eventstore.kafka.cluster.*} (the query's timeout, default 2s) comes from the bound and validated
 * {@link EventStoreProperties}, so a bad value fails start-up once, with the message of its validation.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "dev.lockfree.eventstore.boot.autoconfigure.kafka.EventStoreKafkaAutoConfiguration" })
@ConditionalOnClass({ EventStore.class, KafkaAdmin.class, Admin.class, JsonMapper.class })
@ConditionalOnBean(KafkaFedStore.class)
@ImportRuntimeHints(EventStoreClusterRuntimeHints.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public final class EventStoreClusterAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(PartitionOwners.class)
    @ConditionalOnBean(KafkaAdmin.class)
    AdminPartitionOwners eventStorePartitionOwners(KafkaAdmin kafkaAdmin) {
        return AdminPartitionOwners.create(kafkaAdmin.getConfigurationProperties());
    }

    @Bean
    @ConditionalOnMissingBean(OwnerClient.class)
    HttpOwnerClient eventStoreOwnerClient(EventStoreProperties properties, Environment environment,
                                          ObjectProvider<JsonMapper> jsonMapper) {
        Duration timeout = properties.kafka().cluster().timeout();
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        EventStoreProperties.Cluster cluster = properties.kafka().cluster();
        return new HttpOwnerClient(client, jsonMapper.getIfAvailable(JsonMapper::new), windowEndpointPath(environment),
                new OwnerRequestCredentials(cluster.username(), cluster.password(), cluster.headers()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PartitionOwners.class)
    EventStoreCluster eventStoreCluster(ObjectProvider<KafkaFedStore> stores, PartitionOwners owners,
                                        OwnerClient client, EventStoreProperties properties) {
        return new EventStoreCluster(stores.orderedStream().toList(), owners, client,
                properties.kafka().cluster().timeout());
    }

    /**
     * Where an owner serves the window endpoint below its advertised base URL: Actuator's base path and the
     * endpoint's path mapping ({@code management.endpoints.web.base-path}, {@code .path-mapping.eventstorewindow}).
     * The advertised URL must therefore address the server that serves Actuator (the management port, when one is
     * set).
     */
    static String windowEndpointPath(Environment environment) {
        Binder binder = Binder.get(environment);
        String base = binder.bind("management.endpoints.web.base-path", String.class).orElse("/actuator");
        String mapping = binder.bind("management.endpoints.web.path-mapping.eventstorewindow", String.class)
                .orElse("eventstorewindow");
        String path = (base.startsWith("/") ? base : "/" + base);
        path = path.endsWith("/") ? path : path + "/";
        return path + (mapping.startsWith("/") ? mapping.substring(1) : mapping);
    }

    /** The endpoint backs off without Actuator, or when it is not exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    static final class WindowEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        EventStoreWindowEndpoint eventStoreWindowEndpoint(ObjectProvider<KafkaFedStore> stores) {
            return new EventStoreWindowEndpoint(stores.orderedStream().toList());
        }
    }
}
