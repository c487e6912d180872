/**
 * Auto-configuration of the {@code EventStoreClient} of {@code lockfree-eventstore-client}
 * ({@code eventstore.client.*}).
 */
package dev.lockfree.eventstore.boot.autoconfigure.client;
