package dev.lockfree.sample.dashboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per client address and locks either after too many failures within a
 * window (see {@link DashboardSecurityProperties.LoginThrottle}). Memory is bounded: each of the two tables keeps
 * at most {@code maxTrackedKeys} entries and forgets the one updated longest ago first. Time comes from the
 * {@link Clock} it is given, so tests can advance it. Thread-safe.
 */
public class LoginThrottle {

    private final DashboardSecurityProperties.LoginThrottle settings;
    private final Clock clock;
    private final Counters users;
    private final Counters addresses;

    public LoginThrottle(DashboardSecurityProperties.LoginThrottle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.users = new Counters(settings.maxFailures(), settings.maxTrackedKeys());
        this.addresses = new Counters(settings.maxFailuresPerAddress(), settings.maxTrackedKeys());
    }

    /**
     * How long attempts for this user name or from this address are still refused; empty when neither is locked.
     *
     * @param user    the user name of the attempt, or {@code null} when unknown
     * @param address the client address of the attempt, or {@code null} when unknown
     */
    public Optional<Duration> retryAfter(String user, String address) {
        Instant now = clock.instant();
        Duration userLock = users.lockedFor(user, now);
        Duration addressLock = addresses.lockedFor(address, now);
        Duration longest = userLock.compareTo(addressLock) >= 0 ? userLock : addressLock;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts one failed login for the user name and for the address (either may be {@code null}). */
    public void failed(String user, String address) {
        Instant now = clock.instant();
        users.failed(user, now);
        addresses.failed(address, now);
    }

    /** A successful login: the user name's count starts again (the address keeps its count). */
    public void succeeded(String user) {
        users.remove(user);
    }

    /** Forgets every count and lock. */
    public void clear() {
        users.clear();
        addresses.clear();
    }

    /** Number of user names and addresses remembered now: at most {@code 2 * maxTrackedKeys}. */
    public int trackedKeys() {
        return users.size() + addresses.size();
    }

    private static final class Entry {
        int failures;
        Instant firstFailure;
        Instant lockedUntil;
    }

    private final class Counters {

        private final int maxFailures;
        private final Map<String, Entry> entries;

        Counters(int maxFailures, int capacity) {
            this.maxFailures = maxFailures;
            // Access order: every update moves the key last, so the eldest is the key updated longest ago.
            this.entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized Duration lockedFor(String key, Instant now) {
            if (key == null) {
                return Duration.ZERO;
            }
            Entry entry = entries.get(key);
            if (entry == null || entry.lockedUntil == null) {
                return Duration.ZERO;
            }
            if (!now.isBefore(entry.lockedUntil)) {
                entries.remove(key); // the lockout is over: the next failure counts from one again
                return Duration.ZERO;
            }
            return Duration.between(now, entry.lockedUntil);
        }

        synchronized void failed(String key, Instant now) {
            if (key == null) {
                return;
            }
            Entry entry = entries.get(key);
            boolean over = entry != null && !now.isBefore(entry.lockedUntil != null ? entry.lockedUntil
                    : entry.firstFailure.plus(settings.window()));
            if (entry == null || over) { // first failure, or the window or the lockout has passed: count anew
                entry = new Entry();
                entry.firstFailure = now;
                entries.put(key, entry);
            }
            entry.failures++;
            if (entry.failures >= maxFailures && entry.lockedUntil == null) {
                entry.lockedUntil = now.plus(settings.lockout());
            }
        }

        synchronized void remove(String key) {
            if (key != null) {
                entries.remove(key);
            }
        }

        synchronized void clear() {
            entries.clear();
        }

        synchronized int size() {
            return entries.size();
        }
    }
}
