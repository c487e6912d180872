package dev.lockfree.eventstore.boot.codec;

import dev.lockfree.eventstore.codec.EventCodec;

/**
 * Fallback source of snapshot codecs for event types that have no core codec and no
 * {@code <storeName>EventCodec} bean. The auto-configuration provides a Jackson one when Jackson is on
 * the classpath; declare a bean of this type to replace it.
 */
@FunctionalInterface
public interface EventCodecFactory {

    /** A codec for {@code eventType}; never {@code null}. */
    <E> EventCodec<E> codecFor(Class<E> eventType);
}
