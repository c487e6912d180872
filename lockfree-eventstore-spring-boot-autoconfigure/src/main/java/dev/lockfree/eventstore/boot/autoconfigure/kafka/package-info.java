/**
 * Wiring of the stores fed by Kafka topics ({@code eventstore.stores.<name>.kafka.*}): creates the runtime
 * types of {@code dev.lockfree.eventstore.boot.kafka} from the properties and Boot's Kafka connection.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
