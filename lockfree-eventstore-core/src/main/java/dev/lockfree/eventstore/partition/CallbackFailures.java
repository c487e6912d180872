package dev.lockfree.eventstore.partition;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a user callback's exception goes: it is counted and logged, and never escapes into the append
 * that ran the callback (the event is already stored by then). Logging is thinned out to the 1st, 2nd,
 * 4th, 8th... failure so that a callback failing on every eviction cannot flood the log.
 */
public final class CallbackFailures {

    private static final System.Logger LOG = System.getLogger("dev.lockfree.eventstore");

    private final LongAdder failures = new LongAdder();

    public void record(String callback, RuntimeException failure) {
        failures.increment();
        long n = failures.sum();
        if (Long.bitCount(n) == 1) {
            LOG.log(Level.WARNING, () -> callback + " threw (failure #" + n
                    + "); the append it ran in is not affected", failure);
        }
    }

    public long count() {
        return failures.sum();
    }
}
