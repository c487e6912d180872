package dev.lockfree.sample.dashboard.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the admin routes and of the write side of Actuator (HTTP Basic).
 *
 * @param users users by name. A password is either plain text (hashed with bcrypt at start-up) or already
 *              encoded with its id prefix, e.g. {@code {bcrypt}$2a$10$...}. When no user is configured, one user
 *              {@code admin} with the role {@code ADMIN} and a random password is created and its password is
 *              logged once at start-up.
 */
@ConfigurationProperties("dashboard.security")
public record DashboardSecurityProperties(@DefaultValue Map<String, User> users) {

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
}
