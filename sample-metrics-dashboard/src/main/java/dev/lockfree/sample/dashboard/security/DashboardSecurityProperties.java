package dev.lockfree.sample.dashboard.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the admin routes and of the write side of Actuator (HTTP Basic), and the throttle of failed logins.
 *
 * @param users         users by name, matched exactly (case-sensitive). A password is either plain text (hashed
 *                      with bcrypt at start-up) or already encoded with its id prefix, e.g.
 *                      {@code {bcrypt}$2a$10$...}. When no user is configured, one user {@code admin} with the role
 *                      {@code ADMIN} and a random password is created and its password is logged once at start-up.
 * @param loginThrottle how many failed logins a user name or a client address may make before further attempts
 *                      are refused with 429
 */
@ConfigurationProperties("dashboard.security")
public record DashboardSecurityProperties(@DefaultValue Map<String, User> users,
                                          @DefaultValue LoginThrottle loginThrottle) {

    /**
     * @param password plain text, or encoded with an id prefix such as {@code {bcrypt}}
     * @param roles    roles without the {@code ROLE_} prefix; {@code ADMIN} may use the admin routes
     */
    public record User(String password, @DefaultValue("ADMIN") List<String> roles) {

        public User {
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException("dashboard.security.users.<name>.password must not be empty");
            }
        }
    }

    /**
     * After {@code maxFailures} failed logins within {@code window} for one user name, or
     * {@code maxFailuresPerAddress} from one client address, further attempts with credentials for that user or
     * from that address are answered 429 (with {@code Retry-After}) for {@code lockout}, without checking the
     * password. A successful login resets the user name's count. The address allows more failures than a user
     * name because several users may share one address (a proxy, a NAT).
     *
     * @param maxFailures           failed logins that lock a user name, at least 1
     * @param maxFailuresPerAddress failed logins, of any user names, that lock a client address, at least 1
     * @param window         how long a failure counts: the count restarts when the first failure is older
     * @param lockout        how long a locked user name or address is refused
     * @param maxTrackedKeys the most user names, and the most addresses, remembered at once (the one updated
     *                       longest ago is forgotten first), which bounds the memory an attacker can make it use
     */
    public record LoginThrottle(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxFailuresPerAddress,
                                @DefaultValue("1m") Duration window,
                                @DefaultValue("1m") Duration lockout, @DefaultValue("10000") int maxTrackedKeys) {

        public LoginThrottle {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("dashboard.security.login-throttle.max-failures must be at least 1,"
                        + " was " + maxFailures);
            }
            if (maxFailuresPerAddress < 1) {
                throw new IllegalArgumentException(
                        "dashboard.security.login-throttle.max-failures-per-address must be at least 1, was "
                                + maxFailuresPerAddress);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("dashboard.security.login-throttle.window must be positive, was "
                        + window);
            }
            if (lockout == null || lockout.isNegative() || lockout.isZero()) {
                throw new IllegalArgumentException("dashboard.security.login-throttle.lockout must be positive, was "
                        + lockout);
            }
            if (maxTrackedKeys < 1) {
                throw new IllegalArgumentException(
                        "dashboard.security.login-throttle.max-tracked-keys must be at least 1, was " + maxTrackedKeys);
            }
        }
    }
}
