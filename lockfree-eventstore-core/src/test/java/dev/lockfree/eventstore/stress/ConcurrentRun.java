package dev.lockfree.eventstore.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-threaded run for stress tests: producers run a finite body (bounded by an op count and
 * by {@link #timeUp()}), helpers (readers, clearers, purgers) repeat their body until every producer has
 * finished. Every thread waits on one start gate so that they really start together; the run is
 * oversubscribed on purpose (more threads than cores) so that threads are preempted mid-operation.
 *
 * <p>No {@code Thread.sleep}: the test thread waits on latches with a hard timeout, and a run that does
 * not finish in time fails (a livelock or a lost wake-up is a failure, not a hang).
 */
public final class ConcurrentRun {

    /** A body that may throw; an {@link AssertionError} thrown by it fails the run. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static final Duration HARD_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final long budgetNanos;
    private final List<Thread> producers = new ArrayList<>();
    private final List<Thread> helpers = new ArrayList<>();
    private final CountDownLatch startGate = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong helperIterations = new AtomicLong();
    private volatile boolean producersFinished;
    private volatile boolean failed;
    private volatile long deadline;
    private CountDownLatch producersDone;
    private CountDownLatch helpersDone;

    /**
     * @param name   shown in failure messages and thread names
     * @param budget wall-clock budget: after it, {@link #timeUp()} tells producers to stop early
     */
    public ConcurrentRun(String name, Duration budget) {
        this.name = name;
        this.budgetNanos = budget.toNanos();
    }

    /** Adds a producer: {@code body} runs once and should stop at its op count or when {@link #timeUp()}. */
    public ConcurrentRun producer(Body body) {
        producers.add(thread("producer-" + producers.size(), () -> body.run()));
        return this;
    }

    /** Adds a helper: {@code body} runs repeatedly (at least once) until all producers are done. */
    public ConcurrentRun helper(Body body) {
        helpers.add(thread("helper-" + helpers.size(), () -> {
            do {
                body.run();
                helperIterations.incrementAndGet();
            } while (!producersFinished && !failed);
        }));
        return this;
    }

    /** True once the wall-clock budget is spent or another thread failed: producers should stop. */
    public boolean timeUp() {
        return failed || System.nanoTime() - deadline >= 0;
    }

    public boolean producersFinished() {
        return producersFinished;
    }

    /** How many times helper bodies completed, all helpers together. */
    public long helperIterations() {
        return helperIterations.get();
    }

    private Thread thread(String role, Body body) {
        Thread t = new Thread(() -> {
            try {
                startGate.await();
                body.run();
            } catch (Throwable e) {
                failed = true;
                failures.add(e);
            } finally {
                if (role.startsWith("producer")) {
                    producersDone.countDown();
                } else {
                    helpersDone.countDown();
                }
            }
        }, name + "-" + role);
        t.setDaemon(true);
        return t;
    }

    /** Starts everything at once, waits for the producers, then the helpers; rethrows the first failure. */
    public void execute() {
        producersDone = new CountDownLatch(producers.size());
        helpersDone = new CountDownLatch(helpers.size());
        producers.forEach(Thread::start);
        helpers.forEach(Thread::start);
        deadline = System.nanoTime() + budgetNanos;
        startGate.countDown();
        try {
            if (!producersDone.await(HARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                failed = true;
                failures.add(new AssertionError(name + ": producers did not finish within " + HARD_TIMEOUT
                        + " (livelock or stuck append?)" + stacks(producers)));
            }
            producersFinished = true;
            if (!helpersDone.await(HARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                failed = true;
                failures.add(new AssertionError(name + ": helpers did not finish within " + HARD_TIMEOUT
                        + stacks(helpers)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + " interrupted", e);
        }
        Throwable first = failures.poll();
        if (first != null) {
            AssertionError error = new AssertionError(name + " failed: " + first, first);
            for (Throwable other = failures.poll(); other != null; other = failures.poll()) {
                error.addSuppressed(other);
            }
            throw error;
        }
    }

    private static String stacks(List<Thread> threads) {
        StringBuilder sb = new StringBuilder();
        for (Thread t : threads) {
            if (t.isAlive()) {
                sb.append(System.lineSeparator()).append(t.getName()).append(':');
                for (StackTraceElement e : t.getStackTrace()) {
                    sb.append(System.lineSeparator()).append("    at ").append(e);
                }
            }
        }
        return sb.toString();
    }

    /** The seed of a randomized test: {@code -Dstress.seed=...} to replay, printed so a failure can be replayed. */
    public static long seed(String test) {
        long seed = Long.getLong("stress.seed", System.nanoTime());
        System.out.println("[stress] " + test + " seed=" + seed + " (replay with -Dstress.seed=" + seed + ")");
        return seed;
    }
}
