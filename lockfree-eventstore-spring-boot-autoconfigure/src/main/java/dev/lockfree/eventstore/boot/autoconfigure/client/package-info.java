/**
 * Auto-configuration of the {@code EventStoreClient} of {@code lockfree-eventstore-client}
 * ({@code eventstore.client.*}).
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
