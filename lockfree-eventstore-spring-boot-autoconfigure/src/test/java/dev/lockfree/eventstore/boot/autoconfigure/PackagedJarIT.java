package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar users get (run by failsafe after {@code package}): it carries the configuration metadata, the
 * auto-configuration imports and their filter metadata, and nothing from the tests. A user project built on
 * the installed starter is lockfree-eventstore-quickstart-it's job (it needs the starter and the BOM packaged,
 * which this module's build comes before).
 */
class PackagedJarIT {

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString()
                    .matches("lockfree-eventstore-spring-boot-autoconfigure-.*(?<!-sources|-javadoc|-tests)\\.jar")).toList();
            assertThat(jars).as("the packaged jar in target/").hasSize(1);
            return jars.get(0);
        }
    }

    private static String entry(JarFile jar, String name) throws IOException {
        var entry = jar.getJarEntry(name);
        assertThat(entry).as(name + " in " + jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theJarCarriesTheMetadataAndTheAutoConfigurationImports() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(entry(jar, "META-INF/spring-configuration-metadata.json"))
                    .contains("\"name\": \"eventstore.snapshot.shutdown-timeout\"")
                    .contains("\"name\": \"eventstore.health.max-consecutive-failures\"")
                    .contains("\"name\": \"eventstore.stores.keys\"")
                    .contains("\"name\": \"eventstore.snapshot.max-concurrent-jobs\"")
                    .contains("\"name\": \"eventstore.client.base-url\"");
            assertThat(entry(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
                    .lines().toList())
                    .containsExactlyElementsOf(Files.readAllLines(Path.of("target/classes/META-INF/spring/"
                            + "org.springframework.boot.autoconfigure.AutoConfiguration.imports")))
                    .contains(EventStoreAutoConfiguration.class.getName());
            assertThat(entry(jar, "META-INF/spring-autoconfigure-metadata.properties"))
                    .contains(EventStoreAutoConfiguration.class.getName() + ".ConditionalOnClass=");
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                    .contains(EventStoreAutoConfiguration.class.getName().replace('.', '/') + ".class")
                    .noneMatch(name -> name.endsWith("Tests.class") || name.endsWith("IT.class"));
        }
    }
}
