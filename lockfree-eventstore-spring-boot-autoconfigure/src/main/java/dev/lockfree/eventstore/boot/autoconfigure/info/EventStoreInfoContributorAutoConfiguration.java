package dev.lockfree.eventstore.boot.autoconfigure.info;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfo;
import dev.lockfree.eventstore.boot.actuate.info.EventStoreInfoContributor;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorFallback;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The {@code eventstore} section of {@code /actuator/info}. Opt-in, like Boot's {@code env}, {@code java}
 * and {@code os} contributors, since it shows configuration: {@code management.info.eventstore.enabled=true}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class,
        beforeName = "org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration")
@ConditionalOnClass({ EventStore.class, InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(EventStoreRegistry.class)
@ImportRuntimeHints(EventStoreInfoContributorAutoConfiguration.InfoRuntimeHints.class)
public final class EventStoreInfoContributorAutoConfiguration {

    // the info condition sits on the method: its condition class loads only once @ConditionalOnClass passed
    @Bean
    @ConditionalOnEnabledInfoContributor(value = "eventstore", fallback = InfoContributorFallback.DISABLE)
    @ConditionalOnMissingBean
    EventStoreInfoContributor eventStoreInfoContributor(EventStoreRegistry registry, EventStoreProperties properties,
                                                        ObjectProvider<EventStoreSnapshotLifecycle> lifecycle) {
        EventStoreProperties.Snapshot snapshot = properties.snapshot();
        return new EventStoreInfoContributor(registry, snapshot.directory(), snapshot.snapshotOptions(),
                lifecycle.getIfAvailable());
    }

    /** The info records are rendered by Jackson: a native image needs their accessors. */
    static class InfoRuntimeHints implements RuntimeHintsRegistrar {

        @Override
        public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
            new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), EventStoreInfo.class);
        }
    }
}
