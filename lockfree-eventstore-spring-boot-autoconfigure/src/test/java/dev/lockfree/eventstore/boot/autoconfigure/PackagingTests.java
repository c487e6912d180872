package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.lockfree.eventstore.boot.autoconfigure.client.EventStoreClientAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.kafka.EventStoreKafkaAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.endpoint.EventStoreEndpointAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.health.EventStoreHealthContributorAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.info.EventStoreInfoContributorAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.kafka.EventStoreClusterAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.metrics.EventStoreMetricsAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.observation.EventStoreObservationAutoConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the jar must carry: the classes directory is what the jar plugin packs. */
class PackagingTests {

    private static final Path META_INF = Path.of("target/classes/META-INF");

    @Test
    void configurationMetadataIsGeneratedWithDescriptionsDefaultsAndHints() throws IOException {
        String json = Files.readString(META_INF.resolve("spring-configuration-metadata.json"));
        assertThat(json).contains("\"name\": \"eventstore.snapshot.shutdown-timeout\"")
                .contains("\"name\": \"eventstore.defaults.capacity-per-partition\"")
                .contains("\"name\": \"eventstore.stores\"")
                .contains("\"defaultValue\": \"evict-oldest\"")
                .contains("Whether to enable the event store auto-configuration")
                // merged from additional-spring-configuration-metadata.json
                .contains("\"name\": \"eventstore.stores.keys\"")
                .contains("Defaults to the number of available processors");
    }

    @Test
    void configurationMetadataHasTheHealthMetricsAndManagementKeys() throws IOException {
        String json = Files.readString(META_INF.resolve("spring-configuration-metadata.json"));
        assertThat(json).contains("\"name\": \"eventstore.health.max-consecutive-failures\"")
                .contains("\"name\": \"eventstore.health.max-snapshot-age\"")
                .contains("\"name\": \"eventstore.metrics.partition-tags\"")
                .contains("Failed saves of one partition in a row")
                .contains("Whether the event meters (eventstore.events.*) carry a partition tag")
                .contains("\"name\": \"management.health.eventstore.enabled\"")
                .contains("\"name\": \"management.info.eventstore.enabled\"")
                .contains("\"name\": \"management.endpoint.eventstore.access\"");
    }

    @Test
    void configurationMetadataHasTheSnapshotterClientAndPerStoreKeysDocumented() throws IOException {
        String json = Files.readString(META_INF.resolve("spring-configuration-metadata.json"));
        for (String key : new String[] {"eventstore.snapshot.max-concurrent-jobs", "eventstore.snapshot.max-pending-jobs",
                "eventstore.snapshot.max-save-attempts", "eventstore.snapshot.backoff.base-delay",
                "eventstore.snapshot.backoff.factor", "eventstore.snapshot.backoff.jitter",
                "eventstore.snapshot.stable-capture-max-attempts", "eventstore.snapshot.schema-version",
                "eventstore.snapshot.expected-schema-version", "eventstore.snapshot.on-schema-mismatch",
                "eventstore.client.base-url",
                "eventstore.client.connect-timeout", "eventstore.client.request-timeout", "eventstore.client.max-retries",
                "eventstore.client.initial-backoff", "eventstore.client.max-backoff", "eventstore.client.read-page-size",
                "eventstore.client.default-headers"}) {
            assertThat(json).contains("\"name\": \"" + key + "\"");
        }
        assertThat(json).contains("Partitions of one store written at the same time")
                .contains("Root URL of the event store server")
                .contains("When set, only snapshots of this schema version are restored")
                .contains("are passed over and counted, and the newest snapshot of the expected version");
        // the client record nested in EventStoreProperties is a group (from EventStoreClientProperties), not a property
        var properties = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).get("properties");
        assertThat(properties.valueStream().map(p -> p.get("name").asString()))
                .contains("eventstore.client.base-url").doesNotContain("eventstore.client");
    }

    /** Boot's processor describes no key below a map value (spring-boot#9945): the per-store Kafka keys are added. */
    @Test
    void configurationMetadataDocumentsThePerStoreKafkaKeysWithDefaultsAndHints() throws IOException {
        String json = Files.readString(META_INF.resolve("spring-configuration-metadata.json"));
        var root = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
        var properties = new java.util.HashMap<String, tools.jackson.databind.JsonNode>();
        root.get("properties").valueStream().forEach(p -> properties.put(p.get("name").asString(), p));
        for (String key : new String[] {"topic", "mode", "group-id", "replay", "dead-letter-topic", "consume"}) {
            var property = properties.get("eventstore.stores.*.kafka." + key);
            assertThat(property).as(key).isNotNull();
            assertThat(property.get("description").asString()).as(key).isNotBlank();
        }
        assertThat(properties.get("eventstore.stores.*.kafka.mode").get("defaultValue").asString()).isEqualTo("shard");
        assertThat(properties.get("eventstore.stores.*.kafka.replay").get("defaultValue").asString())
                .isEqualTo("window");
        assertThat(properties.get("eventstore.stores.*.kafka.consume").get("defaultValue").asBoolean()).isTrue();
        var hints = new java.util.HashMap<String, java.util.List<String>>();
        root.get("hints").valueStream().forEach(h -> hints.put(h.get("name").asString(),
                h.get("values").valueStream().map(v -> v.get("value").asString()).toList()));
        assertThat(hints.get("eventstore.stores.*.kafka.mode")).containsExactly("shard", "replica");
        assertThat(hints.get("eventstore.stores.*.kafka.replay")).containsExactly("window", "earliest", "latest");
    }

    @Test
    void autoConfigurationImportsListEveryAutoConfigurationAndTheFilterMetadataIsPresent() throws IOException {
        assertThat(Files.readAllLines(
                META_INF.resolve("spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")))
                .containsExactly(EventStoreAutoConfiguration.class.getName(),
                        EventStoreEndpointAutoConfiguration.class.getName(),
                        EventStoreHealthContributorAutoConfiguration.class.getName(),
                        EventStoreInfoContributorAutoConfiguration.class.getName(),
                        EventStoreMetricsAutoConfiguration.class.getName(),
                        EventStoreObservationAutoConfiguration.class.getName(),
                        EventStoreClientAutoConfiguration.class.getName(),
                        EventStoreKafkaAutoConfiguration.class.getName(),
                        EventStoreClusterAutoConfiguration.class.getName());
        // read by Boot before loading the classes, so that a missing Actuator or Micrometer filters them out early
        String filter = Files.readString(META_INF.resolve("spring-autoconfigure-metadata.properties"));
        assertThat(filter)
                .containsPattern(EventStoreClusterAutoConfiguration.class.getName().replace(".", "\\.")
                        + "\\.ConditionalOnClass=.*org\\.springframework\\.kafka\\.core\\.KafkaAdmin")
                .contains(EventStoreAutoConfiguration.class.getName() + ".ConditionalOnClass=dev.lockfree.eventstore.EventStore")
                .containsPattern(EventStoreEndpointAutoConfiguration.class.getName().replace(".", "\\.")
                        + "\\.ConditionalOnClass=.*org\\.springframework\\.boot\\.actuate\\.endpoint\\.annotation\\.Endpoint")
                .containsPattern(EventStoreHealthContributorAutoConfiguration.class.getName().replace(".", "\\.")
                        + "\\.ConditionalOnClass=.*org\\.springframework\\.boot\\.health\\.contributor\\.HealthIndicator")
                .containsPattern(EventStoreInfoContributorAutoConfiguration.class.getName().replace(".", "\\.")
                        + "\\.ConditionalOnClass=.*org\\.springframework\\.boot\\.actuate\\.info\\.InfoContributor")
                .contains(EventStoreMetricsAutoConfiguration.class.getName()
                        + ".ConditionalOnClass=dev.lockfree.eventstore.EventStore,io.micrometer.core.instrument.binder.MeterBinder")
                .contains(EventStoreObservationAutoConfiguration.class.getName()
                        + ".ConditionalOnClass=dev.lockfree.eventstore.EventStore,io.micrometer.observation.ObservationRegistry")
                .contains(EventStoreClientAutoConfiguration.class.getName()
                        + ".ConditionalOnClass=dev.lockfree.eventstore.client.EventStoreClient")
                .containsPattern(EventStoreKafkaAutoConfiguration.class.getName().replace(".", "\\.")
                        + "\\.ConditionalOnClass=.*org\\.springframework\\.kafka\\.listener\\.ConcurrentMessageListenerContainer")
                .contains(EventStoreMetricsAutoConfiguration.class.getName() + ".AutoConfigureAfter=")
                .contains("org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration");
    }
}
