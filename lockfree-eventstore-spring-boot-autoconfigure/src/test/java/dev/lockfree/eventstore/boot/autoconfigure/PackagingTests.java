package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void autoConfigurationImportsAndFilterMetadataArePresent() throws IOException {
        assertThat(Files.readAllLines(
                META_INF.resolve("spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")))
                .containsExactly(EventStoreAutoConfiguration.class.getName());
        assertThat(Files.readString(META_INF.resolve("spring-autoconfigure-metadata.properties")))
                .contains(EventStoreAutoConfiguration.class.getName() + ".ConditionalOnClass=dev.lockfree.eventstore.EventStore");
    }
}
