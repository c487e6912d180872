/**
 * The stream wire protocol, defined once for every side that speaks it: the core's
 * {@code dev.lockfree.eventstore.stream.EventStreams}, the Java client and the HTTP stream server.
 * {@link dev.lockfree.eventstore.protocol.StreamNames} and {@link dev.lockfree.eventstore.protocol.IdempotencyKeys}
 * (the name and key rules), {@link dev.lockfree.eventstore.protocol.ExpectedVersion} (the append condition and its
 * header encoding), {@link dev.lockfree.eventstore.protocol.StreamHeaders}, {@link dev.lockfree.eventstore.protocol.PageLimits},
 * {@link dev.lockfree.eventstore.protocol.ProblemTypes} and {@link dev.lockfree.eventstore.protocol.UntrustedText}
 * (how a message echoes rejected input). JDK only: the core depends on this package and on nothing else.
 */
package dev.lockfree.eventstore.protocol;
