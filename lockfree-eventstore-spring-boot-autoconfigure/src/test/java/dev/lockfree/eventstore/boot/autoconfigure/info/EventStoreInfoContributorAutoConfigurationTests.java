package dev.lockfree.eventstore.boot.autoconfigure.info;

import java.nio.file.Path;
import java.time.Duration;

import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfo;
import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfoContributor;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreInfoContributorAutoConfigurationTests {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class,
                    EventStoreInfoContributorAutoConfiguration.class))
            .withPropertyValues("eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
                    "eventstore.stores.orders.partitions=4", "eventstore.stores.orders.capacity-per-partition=1000",
                    "eventstore.stores.orders.overflow-policy=reject", "eventstore.stores.orders.window.size=1m",
                    "eventstore.stores.orders.window.bucket-width=5s");

    @Test
    void optInLikeBootsEnvAndJavaContributors() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventStoreInfoContributor.class));
    }

    @Test
    void contributesEachStoresConfigurationAndTheSnapshotSettings() {
        runner.withPropertyValues("management.info.eventstore.enabled=true", "eventstore.snapshot.enabled=true",
                "eventstore.snapshot.directory=" + dir, "eventstore.snapshot.interval=15s").run(context -> {
            Info.Builder builder = new Info.Builder();
            context.getBean(EventStoreInfoContributor.class).contribute(builder);
            EventStoreInfo info = (EventStoreInfo) builder.build().get("eventstore");
            EventStoreInfo.Store orders = info.stores().get("orders");
            assertThat(orders.eventType()).isEqualTo("dev.lockfree.eventstore.Event");
            assertThat(orders.partitions()).isEqualTo(4);
            assertThat(orders.capacityPerPartition()).isEqualTo(1000);
            assertThat(orders.capacity()).isEqualTo(4000);
            assertThat(orders.overflowPolicy()).isEqualTo("reject");
            assertThat(orders.window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(orders.bucketWidth()).isEqualTo(Duration.ofSeconds(5));
            assertThat(orders.snapshotEnabled()).isTrue();
            assertThat(orders.origin()).isEqualTo("property 'eventstore.stores.orders'");
            assertThat(info.snapshot().enabled()).isTrue();
            assertThat(info.snapshot().directory()).isEqualTo(dir.toString());
            assertThat(info.snapshot().interval()).isEqualTo(Duration.ofSeconds(15));
        });
    }

    @Test
    void aUserContributorReplacesOurs() {
        EventStoreInfoContributor mine = new EventStoreInfoContributor(
                new dev.lockfree.eventstore.boot.EventStoreRegistry(java.util.List.of()), dir,
                dev.lockfree.eventstore.snapshot.SnapshotOptions.defaults(), null);
        runner.withPropertyValues("management.info.eventstore.enabled=true")
                .withBean("mine", EventStoreInfoContributor.class, () -> mine)
                .run(context -> assertThat(context.getBean(EventStoreInfoContributor.class)).isSameAs(mine));
    }

    @Test
    void backsOffWhenTheEventStoresAreDisabled() {
        runner.withPropertyValues("management.info.eventstore.enabled=true", "eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreInfoContributor.class));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withPropertyValues("management.info.eventstore.enabled=true")
                .withClassLoader(new FilteredClassLoader(InfoContributor.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStoreInfoContributor.class));
    }
}
