package dev.lockfree.eventstore.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.boot.EventStoreCustomizer;
import dev.lockfree.eventstore.boot.EventStoreRegistrar;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.PaymentEvent;
import dev.lockfree.eventstore.boot.codec.EventCodecFactory;
import dev.lockfree.eventstore.boot.codec.JacksonEventCodecFactory;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventStoreAutoConfigurationTests {

    static final String ORDER = "dev.lockfree.eventstore.boot.autoconfigure.TestEvents$OrderEvent";
    static final String PAYMENT = "dev.lockfree.eventstore.boot.autoconfigure.TestEvents$PaymentEvent";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class));

    // ------------------------------------------------------------------------------------------------
    // conditions

    @Test
    void registryWithNoStoresByDefaultAndNoSnapshotLifecycle() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventStoreRegistry.class);
            assertThat(context.getBean(EventStoreRegistry.class).names()).isEmpty();
            assertThat(context).doesNotHaveBean(EventStoreSnapshotLifecycle.class);
            assertThat(context).hasSingleBean(JacksonEventCodecFactory.class);
            EventStoreProperties properties = context.getBean(EventStoreProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.snapshot().enabled()).isFalse();
            assertThat(properties.defaults().overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
        });
    }

    @Test
    void disabledBacksOffEntirelyEvenWithStoresConfigured() {
        runner.withPropertyValues("eventstore.enabled=false", "eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.snapshot.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EventStoreRegistry.class);
                    assertThat(context).doesNotHaveBean(EventStore.class);
                    assertThat(context).doesNotHaveBean(EventStoreProperties.class);
                    assertThat(context).doesNotHaveBean(EventStoreSnapshotLifecycle.class);
                });
    }

    @Test
    void backsOffWithoutTheCore() {
        runner.withClassLoader(new FilteredClassLoader(EventStore.class))
                .run(context -> assertThat(context).doesNotHaveBean(EventStoreRegistry.class));
    }

    @Test
    void userRegistryReplacesOurs() {
        EventStoreRegistry own = new EventStoreRegistry(java.util.List.of());
        runner.withBean(EventStoreRegistry.class, () -> own)
                .run(context -> assertThat(context.getBean(EventStoreRegistry.class)).isSameAs(own));
    }

    @Test
    void withoutJacksonThereIsNoJacksonCodecAndStoresWithACoreCodecStillSnapshot(@org.junit.jupiter.api.io.TempDir Path dir) {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir.resolve("s"),
                        "eventstore.stores.metrics.event-type=" + MetricEvent.class.getName())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EventCodecFactory.class);
                    assertThat(context.getBean(EventStoreSnapshotLifecycle.class).codecs()).containsOnlyKeys("metrics");
                });
    }

    @Test
    void withoutJacksonAStoreThatNeedsItFailsWithAClearMessage(@org.junit.jupiter.api.io.TempDir Path dir) {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir.resolve("s"),
                        "eventstore.stores.orders.event-type=" + ORDER)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                            "Event store 'orders' (property 'eventstore.stores.orders') has snapshots enabled but "
                                    + "there is no snapshot codec for " + ORDER)
                            .hasMessageContaining("ordersEventCodec")
                            .hasMessageContaining("eventstore.stores.orders.snapshot.enabled=false");
                });
    }

    @Test
    void withoutJacksonAStoreOptedOutOfSnapshotsIsFine(@org.junit.jupiter.api.io.TempDir Path dir) {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withPropertyValues("eventstore.snapshot.enabled=true", "eventstore.snapshot.directory=" + dir.resolve("s"),
                        "eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.snapshot.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStoreSnapshotLifecycle.class).codecs()).isEmpty();
                    assertThat(context.getBean(EventStoreRegistry.class).names()).containsExactly("orders");
                });
    }

    // ------------------------------------------------------------------------------------------------
    // binding

    @Test
    void bindsDurationsPathsClassNamesAndKebabCaseEnums() {
        runner.withPropertyValues(
                        "eventstore.defaults.capacity-per-partition=1000",
                        "eventstore.defaults.partitions=2",
                        "eventstore.defaults.overflow-policy=reject",
                        "eventstore.defaults.window.size=10m",
                        "eventstore.defaults.window.bucket-width=2s",
                        "eventstore.defaults.window-tracking=false",
                        "eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.orders.capacity-per-partition=500",
                        "eventstore.stores.orders.partitions=4",
                        "eventstore.stores.orders.overflow-policy=evict-oldest",
                        "eventstore.stores.orders.window.size=1m",
                        "eventstore.snapshot.directory=./target/snaps",
                        "eventstore.snapshot.interval=PT15S",
                        "eventstore.snapshot.shutdown-timeout=1500ms",
                        "eventstore.snapshot.min-events-between=42",
                        "eventstore.snapshot.keep=5",
                        "eventstore.snapshot.compress=true")
                .run(context -> {
                    EventStoreProperties properties = context.getBean(EventStoreProperties.class);
                    assertThat(properties.defaults().overflowPolicy()).isEqualTo(OverflowPolicy.REJECT);
                    assertThat(properties.defaults().window().size()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(properties.stores().get("orders").eventType()).isEqualTo(OrderEvent.class);
                    assertThat(properties.snapshot().directory()).isEqualTo(Path.of("target/snaps"));
                    assertThat(properties.snapshot().interval()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(properties.snapshot().shutdownTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(properties.snapshot().minEventsBetween()).isEqualTo(42);
                    assertThat(properties.snapshot().keep()).isEqualTo(5);
                    assertThat(properties.snapshot().compress()).isTrue();

                    var options = context.getBean(EventStoreRegistry.class).get("orders", OrderEvent.class).options();
                    assertThat(options.capacityPerPartition()).isEqualTo(500);
                    assertThat(options.partitions()).isEqualTo(4);
                    assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
                    assertThat(options.windowSize()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(options.bucketWidth()).isEqualTo(Duration.ofSeconds(2)); // inherited
                    assertThat(options.windowTracking()).isFalse();
                });
    }

    @Test
    void defaultsApplyToEveryStoreAndMatchTheCore() {
        runner.withPropertyValues("eventstore.stores.plain.partitions=3")
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    assertThat(registry.eventType("plain")).isEqualTo(Object.class);
                    var options = registry.get("plain").options();
                    assertThat(options.capacityPerPartition()).isEqualTo(100_000);
                    assertThat(options.partitions()).isEqualTo(3);
                    assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.EVICT_OLDEST);
                    assertThat(options.windowSize()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(options.bucketWidth()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void storesKeepTheOrderOfTheConfiguration() {
        runner.withPropertyValues("eventstore.stores.zeta.partitions=1", "eventstore.stores.alpha.partitions=1",
                        "eventstore.stores.mid.partitions=1", "eventstore.stores.beta.partitions=1")
                .run(context -> assertThat(context.getBean(EventStoreRegistry.class).names())
                        .containsExactly("zeta", "alpha", "mid", "beta"));
    }

    @Test
    void partitionsDefaultToAvailableProcessors() {
        runner.withPropertyValues("eventstore.stores.plain.capacity-per-partition=10")
                .run(context -> assertThat(context.getBean(EventStoreRegistry.class).get("plain").partitions())
                        .isEqualTo(Runtime.getRuntime().availableProcessors()));
    }

    static Stream<Arguments> invalidProperties() {
        return Stream.of(
                Arguments.of("eventstore.stores.orders.partitions=0",
                        "eventstore.stores.orders.partitions must be >= 1 but was 0"),
                Arguments.of("eventstore.stores.orders.capacity-per-partition=-5",
                        "eventstore.stores.orders.capacity-per-partition must be >= 1 but was -5"),
                Arguments.of("eventstore.stores.orders.partitions=70000",
                        "eventstore.stores.orders.partitions must be <= 65536 but was 70000"),
                Arguments.of("eventstore.defaults.capacity-per-partition=0",
                        "eventstore.defaults.capacity-per-partition must be >= 1 but was 0"),
                Arguments.of("eventstore.defaults.partitions=0",
                        "eventstore.defaults.partitions must be >= 1 but was 0"),
                Arguments.of("eventstore.stores.orders.window.size=7s",
                        "eventstore.stores.orders.window.size (PT7S) must be a whole multiple of "
                                + "eventstore.stores.orders.window.bucket-width"),
                Arguments.of("eventstore.stores.other.window.bucket-width=7s",
                        "eventstore.stores.other.window.size (PT5M) must be a whole multiple of "
                                + "eventstore.stores.other.window.bucket-width (PT7S); unset values come from "
                                + "eventstore.defaults.window"),
                Arguments.of("eventstore.defaults.window.bucket-width=0s",
                        "eventstore.defaults.window.bucket-width must be a positive whole number of milliseconds"),
                Arguments.of("eventstore.stores.orders.window.size=0s",
                        "eventstore.stores.orders.window.size must be positive but was PT0S"),
                Arguments.of("eventstore.stores.orders.timestamp-property= ",
                        "eventstore.stores.orders.timestamp-property must not be blank"),
                Arguments.of("eventstore.snapshot.keep=0", "eventstore.snapshot.keep must be >= 1 but was 0"),
                Arguments.of("eventstore.snapshot.shutdown-timeout=-1s",
                        "eventstore.snapshot.shutdown-timeout must not be negative but was PT-1S"),
                Arguments.of("eventstore.snapshot.min-events-between=-1",
                        "eventstore.snapshot.min-events-between must be >= 0 but was -1"),
                Arguments.of("eventstore.stores[CON].partitions=1",
                        "eventstore.stores key 'CON' is not a valid store name: Store name is a reserved device name"),
                Arguments.of("eventstore.stores[-x].partitions=1",
                        "eventstore.stores key '-x' is not a valid store name"));
    }

    @ParameterizedTest
    @MethodSource("invalidProperties")
    void invalidPropertyFailsStartupNamingTheKey(String property, String message) {
        runner.withPropertyValues("eventstore.stores.orders.window.bucket-width=2s", property)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
                });
    }

    @Test
    void bothSnapshotTriggersOffFails() {
        runner.withPropertyValues("eventstore.snapshot.interval=0s", "eventstore.snapshot.min-events-between=0")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessage(
                        "eventstore.snapshot.interval and eventstore.snapshot.min-events-between are both 0: "
                                + "no snapshot would ever be triggered"));
    }

    @Test
    void unknownEventClassFailsNamingTheKey() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=com.acme.Missing")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasMessageContaining("eventstore.stores");
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("com.acme.Missing");
                });
    }

    @Test
    void coreValidationFailureNamesTheStoreAndItsOrigin() {
        // 2^20 buckets is the core's limit; 10 days of 1 ms buckets is far above it
        runner.withPropertyValues("eventstore.stores.orders.window.size=10d",
                        "eventstore.stores.orders.window.bucket-width=1ms")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("buckets"))
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("Event store 'orders' (property 'eventstore.stores.orders') is misconfigured"));
    }

    // ------------------------------------------------------------------------------------------------
    // typed injection

    @Configuration(proxyBeanMethods = false)
    static class TwoTypesConsumer {
        @Bean
        Holder holder(EventStore<OrderEvent> orders, EventStore<PaymentEvent> payments) {
            return new Holder(orders, payments);
        }
    }

    record Holder(EventStore<?> first, EventStore<?> second) {
    }

    @Test
    void injectsTwoStoresOfDifferentTypesByGenericType() {
        runner.withUserConfiguration(TwoTypesConsumer.class)
                .withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.payments.event-type=" + PAYMENT)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    Holder holder = context.getBean(Holder.class);
                    assertThat(holder.first()).isSameAs(registry.get("orders"));
                    assertThat(holder.second()).isSameAs(registry.get("payments"));
                    assertThat(holder.first()).isNotSameAs(holder.second());
                    assertThat(context).getBean("ordersEventStore").isSameAs(registry.get("orders"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class SameTypeConsumer {
        @Bean
        Holder holder(@Qualifier("orders") EventStore<OrderEvent> orders,
                      @Qualifier("returns") EventStore<OrderEvent> returns) {
            return new Holder(orders, returns);
        }
    }

    @Test
    void twoStoresOfTheSameTypeAreSelectedWithQualifierByStoreName() {
        runner.withUserConfiguration(SameTypeConsumer.class)
                .withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.returns.event-type=" + ORDER)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    Holder holder = context.getBean(Holder.class);
                    assertThat(holder.first()).isSameAs(registry.get("orders"));
                    assertThat(holder.second()).isSameAs(registry.get("returns"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ParameterNameConsumer {
        @Bean
        Holder holder(EventStore<OrderEvent> returns, EventStore<OrderEvent> orders) {
            return new Holder(returns, orders);
        }
    }

    @Test
    void twoStoresOfTheSameTypeAreSelectedByParameterName() {
        runner.withUserConfiguration(ParameterNameConsumer.class)
                .withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.returns.event-type=" + ORDER)
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    Holder holder = context.getBean(Holder.class);
                    assertThat(holder.first()).isSameAs(registry.get("returns"));
                    assertThat(holder.second()).isSameAs(registry.get("orders"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UnqualifiedSameTypeConsumer {
        @Bean
        Holder holder(EventStore<OrderEvent> store) {
            return new Holder(store, store);
        }
    }

    @Test
    void twoStoresOfTheSameTypeWithoutQualifierAreAmbiguous() {
        runner.withUserConfiguration(UnqualifiedSameTypeConsumer.class)
                .withPropertyValues("eventstore.stores.orders.event-type=" + ORDER,
                        "eventstore.stores.returns.event-type=" + ORDER)
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("expected single matching bean but found 2"));
    }

    @Test
    void aUserBeanNamedLikeAStoreFailsStartupWithAHint() {
        runner.withBean("orders", String.class, () -> "not a store")
                .withPropertyValues("eventstore.stores.orders.event-type=" + ORDER)
                .run(context -> assertThat(context.getStartupFailure()).hasMessageContaining(
                        "Event store 'orders' cannot use its name as bean alias (for @Qualifier(\"orders\")): "
                                + "Cannot register alias 'orders' for name 'ordersEventStore'"));
    }

    @Test
    void typedGetChecksTheEventType() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + ORDER)
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    assertThat(registry.get("orders", OrderEvent.class)).isSameAs(registry.get("orders"));
                    assertThatIllegalArgumentException().isThrownBy(() -> registry.get("orders", PaymentEvent.class))
                            .withMessage("Event store 'orders' holds " + ORDER + ", not " + PAYMENT);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.get("nope"))
                            .isInstanceOf(java.util.NoSuchElementException.class)
                            .hasMessageContaining("known stores: [orders]");
                });
    }

    // ------------------------------------------------------------------------------------------------
    // customizers and registrars

    @Test
    void customizersRunAfterThePropertiesInOrder() {
        runner.withPropertyValues("eventstore.stores.orders.partitions=4", "eventstore.stores.other.partitions=4")
                .withBean("second", EventStoreCustomizer.class, () -> new Ordered2())
                .withBean("first", EventStoreCustomizer.class, () -> new Ordered1())
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    assertThat(registry.get("orders").partitions()).isEqualTo(2); // Ordered2 ran last
                    assertThat(registry.get("other").partitions()).isEqualTo(4);
                    assertThat(registry.get("orders").options().capacityPerPartition()).isEqualTo(7);
                });
    }

    @Order(1)
    static final class Ordered1 implements EventStoreCustomizer {
        @Override
        public void customize(String storeName, EventStoreBuilder<?> builder) {
            if (storeName.equals("orders")) {
                builder.withPartitions(1).withCapacityPerPartition(7);
            }
        }
    }

    @Order(2)
    static final class Ordered2 implements EventStoreCustomizer {
        @Override
        public void customize(String storeName, EventStoreBuilder<?> builder) {
            if (storeName.equals("orders")) {
                builder.withPartitions(2);
            }
        }
    }

    @Test
    void registrarDeclaresStoresInCodeWithTheDefaultsApplied() {
        runner.withPropertyValues("eventstore.defaults.capacity-per-partition=321")
                .withBean(EventStoreRegistrar.class, () -> stores -> stores
                        .register("payments", PaymentEvent.class, builder -> builder
                                .withPartitions(2)
                                .withTimestampSelector(PaymentEvent::timestamp))
                        .register("plain", OrderEvent.class))
                .run(context -> {
                    EventStoreRegistry registry = context.getBean(EventStoreRegistry.class);
                    assertThat(registry.names()).containsExactly("payments", "plain");
                    EventStore<PaymentEvent> payments = registry.get("payments", PaymentEvent.class);
                    assertThat(payments.partitions()).isEqualTo(2);
                    assertThat(payments.options().capacityPerPartition()).isEqualTo(321);
                    assertThat(payments.options().timestampSelector()
                            .applyAsLong(new PaymentEvent("a", java.math.BigDecimal.ONE, 99))).isEqualTo(99);
                    assertThat(registry.entry("payments").origin()).startsWith("EventStoreRegistrar bean '");
                });
    }

    @Test
    void customizersAlsoRunForRegistrarStoresAfterTheirConfigurer() {
        runner.withBean(EventStoreRegistrar.class, () -> stores -> stores
                        .register("payments", PaymentEvent.class, builder -> builder.withPartitions(4)))
                .withBean(EventStoreCustomizer.class, () -> (name, builder) -> builder.withPartitions(3))
                .run(context -> assertThat(context.getBean(EventStoreRegistry.class).get("payments").partitions())
                        .isEqualTo(3));
    }

    @Test
    void duplicateNameFromPropertiesAndRegistrarFailsNamingBothOrigins() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + ORDER)
                .withBean("orderStores", EventStoreRegistrar.class,
                        () -> stores -> stores.register("orders", OrderEvent.class))
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessage(
                        "Event store 'orders' is declared twice: by property 'eventstore.stores.orders' and by "
                                + "EventStoreRegistrar bean 'orderStores'"));
    }

    @Test
    void duplicateNameFromTwoRegistrarsFails() {
        runner.withBean("a", EventStoreRegistrar.class, () -> stores -> stores.register("x", OrderEvent.class))
                .withBean("b", EventStoreRegistrar.class, () -> stores -> stores.register("x", PaymentEvent.class))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("Event store 'x' is declared twice: by EventStoreRegistrar bean '")
                        .hasMessageContaining("'a'").hasMessageContaining("'b'"));
    }

    @Test
    void registrarWithAnInvalidNameFails() {
        runner.withBean("bad", EventStoreRegistrar.class, () -> stores -> stores.register("a/b", OrderEvent.class))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("directory separators"));
    }

    @Test
    void coreEventTypesGetTheirSelectors() {
        runner.withPropertyValues("eventstore.stores.metrics.event-type=" + MetricEvent.class.getName())
                .run(context -> {
                    EventStore<MetricEvent> store = context.getBean(EventStoreRegistry.class)
                            .get("metrics", MetricEvent.class);
                    MetricEvent event = new MetricEvent("cpu", 2.5, Instant.ofEpochMilli(1234));
                    assertThat(store.options().timestampSelector().applyAsLong(event)).isEqualTo(1234);
                    assertThat(store.options().valueSelector().applyAsDouble(event)).isEqualTo(2.5);
                    assertThat(store.options().keySelector().apply(event)).isEqualTo("cpu");
                });
    }
}
