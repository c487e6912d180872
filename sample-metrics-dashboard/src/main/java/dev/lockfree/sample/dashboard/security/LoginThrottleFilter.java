package dev.lockfree.sample.dashboard.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.lockfree.sample.dashboard.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs before HTTP Basic authentication: a request that carries Basic credentials for a locked user name, or
 * that comes from a locked client address, is answered 429 with {@code Retry-After} and a problem body, and its
 * password is not checked (so a locked-out guesser learns nothing). Requests without credentials pass: the
 * anonymous API stays usable. The address is {@link HttpServletRequest#getRemoteAddr()}, which honours
 * {@code X-Forwarded-For} only when {@code server.forward-headers-strategy} says a proxy sets it.
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final JsonMapper json;
    private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

    public LoginThrottleFilter(LoginThrottle throttle, JsonMapper json) {
        this.throttle = throttle;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user;
        try {
            UsernamePasswordAuthenticationToken credentials = basic.convert(request);
            user = credentials == null ? null : credentials.getName();
        } catch (AuthenticationException malformed) {
            chain.doFilter(request, response); // BasicAuthenticationFilter answers a malformed header
            return;
        }
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Duration> locked = throttle.retryAfter(user, request.getRemoteAddr());
        if (locked.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemResponses.write(request, response, json, ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS,
                "too-many-login-failures", "Too many failed logins",
                "Too many failed logins for this user or from this address; retry in " + seconds + " s"));
    }
}
