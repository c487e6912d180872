package dev.lockfree.eventstore.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.snapshot.SchemaMismatch;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binding of {@code eventstore.*}: strict (an unknown key anywhere fails start-up naming it), every
 * {@code defaults.*} option per store too, and the snapshotter's options.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventStorePropertiesBindingTests {

    private static final String ORDER = EventStoreAutoConfigurationTests.ORDER;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class));

    private static List<String> unbound(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof UnboundConfigurationPropertiesException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("an UnboundConfigurationPropertiesException in " + context.getStartupFailure())
                .isNotNull();
        return ((UnboundConfigurationPropertiesException) failure).getUnboundProperties().stream()
                .map(property -> property.getName().toString()).toList();
    }

    // ------------------------------------------------------------------------------------------------
    // strict

    @ParameterizedTest
    @ValueSource(strings = {
            "eventstore.stores.orders.capacity-per-partiton",
            "eventstore.stores.orders.window.sise",
            "eventstore.stores.orders.snapshot.enable",
            "eventstore.stores.orders.windowtracking-x",
            "eventstore.defaults.capacity-per-partiton",
            "eventstore.defaults.window.bucket-widht",
            "eventstore.snapshot.intervall",
            "eventstore.snapshot.backoff.factr",
            "eventstore.health.max-failures",
            "eventstore.metrics.partition-tag",
            "eventstore.client.base-ulr",
            "eventstore.unknown"})
    void anUnknownKeyAnywhereUnderEventstoreFailsStartUpNamingIt(String key) {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.partitions=2", key + "=5")
                .run(context -> {
                    assertThat(unbound(context)).containsExactly(key);
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(key);
                });
    }

    @Test
    void aStoreWhoseOnlyKeyIsMisspeltFailsToo() {
        runner.withPropertyValues("eventstore.stores.orders.capacity-per-partiton=5")
                .run(context -> assertThat(unbound(context))
                        .containsExactly("eventstore.stores.orders.capacity-per-partiton"));
    }

    @Test
    void aMisspeltKeyInYamlFailsNamingIt() {
        String yaml = """
                eventstore:
                  stores:
                    orders:
                      event-type: %s
                      capacity-per-partiton: 5000
                    payments:
                      partitions: 2
                """.formatted(ORDER);
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(yaml(yaml)))
                .run(context -> assertThat(unbound(context))
                        .containsExactly("eventstore.stores.orders.capacity-per-partiton"));
    }

    @Test
    void theKnownKeysAndTheClientKeysBindWithoutComplaint() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.capacity-per-partition=64", "eventstore.stores.orders.window.size=10s",
                        "eventstore.stores.orders.snapshot.enabled=false", "eventstore.stores.orders.window-tracking=false",
                        "eventstore.defaults.window-tracking=true", "eventstore.snapshot.backoff.factor=3",
                        "eventstore.health.max-consecutive-failures=2", "eventstore.metrics.partition-tags=true",
                        "eventstore.client.base-url=http://127.0.0.1:1", "eventstore.client.max-retries=1",
                        "eventstore.client.default-headers.Authorization=Bearer x")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStoreProperties.class).client().maxRetries()).isEqualTo(1);
                });
    }

    /** What a user sees: Boot's failure analysis names the key. */
    @Test
    void theFailureAnalysisNamesTheMisspeltKey(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--spring.main.banner-mode=off",
                "--eventstore.stores.orders.event-type=" + ORDER,
                "--eventstore.stores.orders.capacity-per-partiton=5000")).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Property: eventstore.stores.orders.capacity-per-partiton")
                .contains("The elements [eventstore.stores.orders.capacity-per-partiton] were left unbound");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EventStoreAutoConfiguration.class)
    static class MinimalApplication {
    }

    private static PropertySource<?> yaml(String yaml) {
        try {
            return new YamlPropertySourceLoader().load("test.yml",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test.yml")).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // every defaults.* option per store

    @Test
    void windowTrackingCanBeSetPerStoreOverTheDefault() {
        runner.withPropertyValues("eventstore.defaults.window-tracking=false",
                        "eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.timestamp-property=createdAt",
                        "eventstore.stores.orders.value-property=amount",
                        "eventstore.stores.orders.window-tracking=true",
                        "eventstore.stores.quiet.event-type=" + ORDER,
                        "eventstore.stores.quiet.timestamp-property=createdAt",
                        "eventstore.stores.quiet.value-property=amount")
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    assertThat(registry.get("orders").options().windowTracking()).isTrue();
                    assertThat(registry.get("quiet").options().windowTracking()).isFalse();
                });
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.window-tracking=false")
                .run(context -> assertThat(context.getBean(EventStoreRegistry.class).get("orders").options()
                        .windowTracking()).isFalse());
    }

    /** Each component of Defaults has a Store component of the same name (window: StoreWindow). */
    @Test
    void everyDefaultsOptionExistsPerStore() {
        List<String> defaults = java.util.Arrays.stream(EventStoreProperties.Defaults.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        List<String> store = java.util.Arrays.stream(EventStoreProperties.Store.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertThat(store).containsAll(defaults);
    }

    // ------------------------------------------------------------------------------------------------
    // snapshotter options

    @Test
    void theSnapshotterOptionsBindFromProperties() {
        runner.withPropertyValues("eventstore.snapshot.max-concurrent-jobs=4", "eventstore.snapshot.max-pending-jobs=16",
                        "eventstore.snapshot.max-save-attempts=7", "eventstore.snapshot.backoff.base-delay=250ms",
                        "eventstore.snapshot.backoff.factor=3", "eventstore.snapshot.backoff.jitter=0",
                        "eventstore.snapshot.stable-capture-max-attempts=3", "eventstore.snapshot.schema-version=2",
                        "eventstore.snapshot.expected-schema-version=2", "eventstore.snapshot.interval=1m",
                        "eventstore.snapshot.min-events-between=0", "eventstore.snapshot.keep=5",
                        "eventstore.snapshot.shutdown-timeout=2s", "eventstore.snapshot.compress=true")
                .run(context -> {
                    SnapshotOptions options = context.getBean(EventStoreProperties.class).snapshot().snapshotOptions();
                    assertThat(options.maxConcurrentSnapshotJobs()).isEqualTo(4);
                    assertThat(options.maxPendingSnapshotJobs()).isEqualTo(16);
                    assertThat(options.maxSaveAttempts()).isEqualTo(7);
                    assertThat(options.backoffBaseDelay()).isEqualTo(Duration.ofMillis(250));
                    assertThat(options.backoffFactor()).isEqualTo(3.0);
                    assertThat(options.backoffJitter()).isZero();
                    assertThat(options.stableCaptureMaxAttempts()).isEqualTo(3);
                    assertThat(options.schemaVersion()).isEqualTo(2);
                    assertThat(options.expectedSchemaVersion()).hasValue(2);
                    assertThat(options.onSchemaMismatch()).isEqualTo(SchemaMismatch.FAIL);
                    assertThat(options.interval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(options.minEventsBetweenSnapshots()).isZero();
                    assertThat(options.snapshotsToKeep()).isEqualTo(5);
                    assertThat(options.finalSnapshotOnShutdown()).isTrue();
                    assertThat(options.finalSnapshotTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.compress()).isTrue();
                });
    }

    /** {@code skip}: snapshots of another schema version are passed over instead of failing start-up. */
    @Test
    void onSchemaMismatchSkipReachesTheSnapshotter() {
        runner.withPropertyValues("eventstore.snapshot.expected-schema-version=3",
                        "eventstore.snapshot.on-schema-mismatch=skip")
                .run(context -> assertThat(context.getBean(EventStoreProperties.class).snapshot().snapshotOptions()
                        .onSchemaMismatch()).isEqualTo(SchemaMismatch.SKIP));
    }

    @Test
    void anUnknownOnSchemaMismatchFailsStartUpNamingItsKey() {
        runner.withPropertyValues("eventstore.snapshot.on-schema-mismatch=ignore")
                .run(context -> {
                    assertThat(context).hasFailed();
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertThat(messages).contains("eventstore.snapshot.on-schema-mismatch").contains("ignore");
                });
    }

    /** Unset, the snapshotter's tuning is the core's default (only the triggers have Boot defaults). */
    @Test
    void unsetSnapshotterOptionsAreTheCoreDefaults() {
        runner.run(context -> {
            SnapshotOptions bound = context.getBean(EventStoreProperties.class).snapshot().snapshotOptions();
            SnapshotOptions core = SnapshotOptions.defaults();
            assertThat(bound).usingRecursiveComparison()
                    .ignoringFields("interval", "minEventsBetweenSnapshots")
                    .isEqualTo(core);
            assertThat(bound.interval()).isEqualTo(Duration.ofSeconds(10));
        });
        // the 7-argument constructor (snapshot settings without the tuning) gives the same defaults
        runner.run(context -> {
            EventStoreProperties.Snapshot bound = context.getBean(EventStoreProperties.class).snapshot();
            assertThat(new EventStoreProperties.Snapshot(false, bound.directory(), Duration.ofSeconds(10), 100_000, 3,
                    Duration.ofSeconds(5), false)).isEqualTo(bound);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eventstore.snapshot.max-concurrent-jobs=0 | eventstore.snapshot.max-concurrent-jobs must be >= 1 but was 0",
            "eventstore.snapshot.max-pending-jobs=0 | eventstore.snapshot.max-pending-jobs must be >= 1 but was 0",
            "eventstore.snapshot.max-save-attempts=0 | eventstore.snapshot.max-save-attempts must be >= 1 but was 0",
            "eventstore.snapshot.stable-capture-max-attempts=0 | eventstore.snapshot.stable-capture-max-attempts must be >= 1",
            "eventstore.snapshot.schema-version=0 | eventstore.snapshot.schema-version must be >= 1 but was 0",
            "eventstore.snapshot.expected-schema-version=0 | eventstore.snapshot.expected-schema-version must be >= 1",
            "eventstore.snapshot.on-schema-mismatch=skip | eventstore.snapshot.on-schema-mismatch=skip needs eventstore.snapshot.expected-schema-version",
            "eventstore.snapshot.backoff.base-delay=0s | eventstore.snapshot.backoff.base-delay must be positive",
            "eventstore.snapshot.backoff.factor=0.5 | eventstore.snapshot.backoff.factor must be a finite number >= 1 but was 0.5",
            "eventstore.snapshot.backoff.jitter=1.5 | eventstore.snapshot.backoff.jitter must be between 0 and 1 but was 1.5"})
    void aBadSnapshotterOptionFailsStartUpNamingItsKey(String property, String message) {
        runner.withPropertyValues(property)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
                });
    }
}
