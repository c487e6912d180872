package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The minimal application of the web tests: everything auto-configured, snapshots in a fresh directory.
 * Web tests extend it and name it in {@code @SpringBootTest(classes = ...)}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
abstract class WebTestApplication {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void snapshotDirectory(DynamicPropertyRegistry registry) {
        registry.add("eventstore.snapshot.directory", () -> snapshots.toString());
    }
}
