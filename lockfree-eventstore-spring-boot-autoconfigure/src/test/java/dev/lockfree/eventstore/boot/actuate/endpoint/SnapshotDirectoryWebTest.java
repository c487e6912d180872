package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Web tests extend it to snapshot into a fresh directory of their own. */
abstract class SnapshotDirectoryWebTest {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void snapshotDirectory(DynamicPropertyRegistry registry) {
        registry.add("eventstore.snapshot.directory", () -> snapshots.toString());
    }
}
