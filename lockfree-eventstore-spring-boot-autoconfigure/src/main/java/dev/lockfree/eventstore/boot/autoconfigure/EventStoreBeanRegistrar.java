package dev.lockfree.eventstore.boot.autoconfigure;

import java.util.Map;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Registers one {@code EventStore<T>} bean per store of {@code eventstore.stores.*}, with its generic type,
 * so that {@code EventStore<OrderEvent>} injects by type. The bean is named {@code <name>EventStore}, with
 * the store name as an alias: {@code @Qualifier("orders")} (or a parameter named {@code orders}) selects it
 * when two stores share an event type. ({@link BeanRegistry.Spec} of Framework 7.0 has no qualifier
 * method; a {@code @Qualifier} value also matches a bean's aliases.) The bean is the registry's store.
 *
 * <p>Stores declared by {@code EventStoreRegistrar} beans are not known at definition time and are only
 * in the {@link EventStoreRegistry}.
 */
class EventStoreBeanRegistrar implements BeanRegistrar {

    /** Suffix of the bean name of a configured store. */
    static final String BEAN_NAME_SUFFIX = "EventStore";

    @Override
    public void register(BeanRegistry registry, Environment env) {
        Map<String, EventStoreProperties.Store> stores = Binder.get(env)
                .bind("eventstore.stores", Bindable.mapOf(String.class, EventStoreProperties.Store.class))
                .orElse(Map.of());
        stores.forEach((name, store) -> {
            Class<?> eventType = store != null ? store.effectiveEventType() : Object.class;
            register(registry, name, eventType);
        });
    }

    private static <T> void register(BeanRegistry registry, String name, Class<T> eventType) {
        ParameterizedTypeReference<EventStore<T>> type = ParameterizedTypeReference.forType(
                ResolvableType.forClassWithGenerics(EventStore.class, eventType).getType());
        String beanName = name + BEAN_NAME_SUFFIX;
        registry.registerBean(beanName, type, spec -> spec
                .description("Event store '" + name + "' (eventstore.stores." + name + ")")
                .supplier(context -> context.bean(EventStoreRegistry.class).get(name, eventType)));
        try {
            registry.registerAlias(beanName, name);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Event store '" + name + "' cannot use its name as bean alias (for "
                    + "@Qualifier(\"" + name + "\")): " + e.getMessage() + ". Rename the store or that bean.", e);
        }
    }
}
