package dev.lockfree.eventstore.boot.autoconfigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.BeanEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OffsetEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.OrderEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.PaymentEvent;
import dev.lockfree.eventstore.boot.autoconfigure.TestEvents.ZonedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PropertyAccessorTests {

    private static final String PKG = "dev.lockfree.eventstore.boot.autoconfigure.TestEvents$";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class));

    @Test
    void recordAccessorsWithInstantTimestampFromProperties() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + PKG + "OrderEvent",
                        "eventstore.stores.orders.timestamp-property=createdAt",
                        "eventstore.stores.orders.value-property=amount",
                        "eventstore.stores.orders.key-property=customerId",
                        "eventstore.stores.orders.partitions=4")
                .run(context -> {
                    EventStore<OrderEvent> store = context.getBean(EventStoreRegistry.class)
                            .get("orders", OrderEvent.class);
                    OrderEvent event = new OrderEvent("c-1", 12.5, Instant.ofEpochMilli(1_700_000_000_123L));
                    assertThat(store.options().timestampSelector().applyAsLong(event)).isEqualTo(1_700_000_000_123L);
                    assertThat(store.options().valueSelector().applyAsDouble(event)).isEqualTo(12.5);
                    assertThat(store.options().keySelector().apply(event)).isEqualTo("c-1");
                    // the selectors are in use: the window sees the value
                    assertThat(store.tryAppend(event)).isTrue();
                    assertThat(store.sum(OrderEvent::amount, Instant.ofEpochMilli(0), Instant.ofEpochMilli(Long.MAX_VALUE / 2)))
                            .isEqualTo(12.5);
                    assertThat(store.partitionFor("c-1")).isEqualTo(store.partitionFor(event.customerId()));
                });
    }

    @Test
    void getterOfANonPublicClassWithLongTimestampAndBoxedValue() {
        var timestamp = PropertyAccessors.timestamp("k", BeanEvent.class, "timestamp");
        var value = PropertyAccessors.value("k", BeanEvent.class, "amount");
        var key = PropertyAccessors.key("k", BeanEvent.class, "key");
        BeanEvent event = new BeanEvent(42L, 7, "x");
        assertThat(timestamp.applyAsLong(event)).isEqualTo(42L);
        assertThat(value.applyAsDouble(event)).isEqualTo(7.0);
        assertThat(key.apply(event)).isEqualTo("x");
    }

    @Test
    void offsetAndZonedTimestampsAndNumberValues() {
        OffsetDateTime offset = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000, ZoneOffset.ofHours(2));
        assertThat(PropertyAccessors.timestamp("k", OffsetEvent.class, "at").applyAsLong(new OffsetEvent(offset, 3)))
                .isEqualTo(offset.toInstant().toEpochMilli());
        assertThat(PropertyAccessors.value("k", OffsetEvent.class, "amount").applyAsDouble(new OffsetEvent(offset, 3)))
                .isEqualTo(3.0);
        ZonedDateTime zoned = ZonedDateTime.of(2026, 5, 6, 7, 8, 9, 0, ZoneId.of("Europe/Paris"));
        assertThat(PropertyAccessors.timestamp("k", ZonedEvent.class, "at").applyAsLong(new ZonedEvent(zoned, 5L)))
                .isEqualTo(zoned.toInstant().toEpochMilli());
        assertThat(PropertyAccessors.value("k", ZonedEvent.class, "amount").applyAsDouble(new ZonedEvent(zoned, 5L)))
                .isEqualTo(5.0);
        assertThat(PropertyAccessors.value("k", PaymentEvent.class, "amount")
                .applyAsDouble(new PaymentEvent("a", new BigDecimal("2.25"), 1))).isEqualTo(2.25);
        assertThat(PropertyAccessors.timestamp("k", PaymentEvent.class, "timestamp")
                .applyAsLong(new PaymentEvent("a", BigDecimal.ONE, 77))).isEqualTo(77);
    }

    @Test
    void misspeltPropertyNamesKeyClassAndProperty() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PropertyAccessors.value("eventstore.stores.orders.value-property", OrderEvent.class, "amuont"))
                .withMessage("eventstore.stores.orders.value-property: " + PKG + "OrderEvent has no property 'amuont' "
                        + "(looked for a public no-argument method amuont() or getAmuont())");
    }

    @Test
    void typeMismatchNamesKeyClassPropertyAndTypes() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PropertyAccessors.timestamp("eventstore.stores.orders.timestamp-property",
                        OrderEvent.class, "customerId"))
                .withMessage("eventstore.stores.orders.timestamp-property: property 'customerId' of " + PKG
                        + "OrderEvent is a java.lang.String, expected java.time.Instant, long (epoch milliseconds), "
                        + "java.time.OffsetDateTime or java.time.ZonedDateTime");
        assertThatIllegalStateException()
                .isThrownBy(() -> PropertyAccessors.value("eventstore.stores.x.value-property", BeanEvent.class, "label"))
                .withMessageContaining("eventstore.stores.x.value-property: property 'label' of ")
                .withMessageContaining("is a java.lang.String, expected a number");
    }

    @Test
    void badPropertyFailsStartup() {
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + PKG + "OrderEvent",
                        "eventstore.stores.orders.timestamp-property=createdAtt")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
                            "eventstore.stores.orders.timestamp-property: " + PKG
                                    + "OrderEvent has no property 'createdAtt'");
                });
        runner.withPropertyValues("eventstore.stores.orders.event-type=" + PKG + "OrderEvent",
                        "eventstore.stores.orders.value-property=createdAt")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
                        "eventstore.stores.orders.value-property: property 'createdAt' of " + PKG
                                + "OrderEvent is a java.time.Instant, expected a number"));
    }

    @Test
    void propertyOnAnUntypedStoreFailsNamingObject() {
        runner.withPropertyValues("eventstore.stores.orders.key-property=customerId")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(
                        "eventstore.stores.orders.key-property: java.lang.Object has no property 'customerId'"));
    }
}
