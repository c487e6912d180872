/**
 * Snapshot codecs for event types without a core codec: the {@code EventCodecFactory} seam and its Jackson
 * implementation.
 */
@NullMarked
package dev.lockfree.eventstore.boot.codec;

import org.jspecify.annotations.NullMarked;
