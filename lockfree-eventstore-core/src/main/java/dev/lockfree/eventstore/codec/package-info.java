/**
 * Binary encodings of one event for the snapshot format: the {@link dev.lockfree.eventstore.codec.EventCodec} SPI and
 * the built-in codecs ({@link dev.lockfree.eventstore.codec.EventCodecs}) for {@code Event} and {@code MetricEvent},
 * plus {@code Wtf8}, the string encoding they share.
 *
 * <h2>Memory ordering</h2>
 * None: codecs are stateless and used by one thread at a time per call; they never touch the rings. A codec is
 * handed events that a capture has already made safe to read (fully published, see {@code partition}).
 *
 * <h2>Conventions</h2>
 * A codec's {@code name()} is written into every snapshot and checked on restore; a codec that changes its
 * encoding incompatibly changes its name ({@code "acme.Order/2"}). Decoders read untrusted bytes: every length is
 * bounded before it is allocated, and malformed input is an {@link java.io.IOException}, never a runtime exception.
 */
package dev.lockfree.eventstore.codec;
