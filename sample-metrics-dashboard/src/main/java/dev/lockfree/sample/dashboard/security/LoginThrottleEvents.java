package dev.lockfree.sample.dashboard.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Counts wrong passwords (and unknown user names, which Spring Security reports as bad credentials too) per user
 * name and per client address, and restarts a user name's count when it logs in. The address is the one
 * {@link org.springframework.security.web.authentication.www.BasicAuthenticationFilter} put in the attempt's
 * details.
 */
public class LoginThrottleEvents {

    private final LoginThrottle throttle;

    public LoginThrottleEvents(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        Authentication attempt = event.getAuthentication();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        throttle.failed(attempt.getName(), address);
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        throttle.succeeded(event.getAuthentication().getName());
    }
}
