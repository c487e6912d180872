/**
 * The API of the Spring Boot integration: the {@link dev.lockfree.eventstore.boot.EventStoreRegistry} of every
 * store and the callbacks an application declares as beans ({@code EventStoreRegistrar},
 * {@code EventStoreCustomizer}, {@code EventStoreClientCustomizer}). It depends on no other package of this
 * module.
 */
@NullMarked
package dev.lockfree.eventstore.boot;

import org.jspecify.annotations.NullMarked;
