package dev.lockfree.sample.dashboard.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The configured users, found by their exact name: {@code Admin} is not {@code admin} (Spring's
 * {@code InMemoryUserDetailsManager} lowercases names, which made the user name case-insensitive).
 */
public class DashboardUserDetailsService implements UserDetailsService {

    private final Map<String, UserDetails> users = new LinkedHashMap<>();

    public DashboardUserDetailsService(Collection<UserDetails> users) {
        users.forEach(user -> this.users.put(user.getUsername(), user));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails user = username == null ? null : users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("No such user");
        }
        // A copy: the authentication manager erases the password of the instance it returns.
        return User.withUserDetails(user).build();
    }
}
