/**
 * The {@code eventstore} Actuator endpoint and the records it renders as JSON, and {@code eventstorewindow}, through
 * which the instances of a Kafka-fed store ask each other for the window aggregates of the partitions they hold.
 */
@NullMarked
package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
