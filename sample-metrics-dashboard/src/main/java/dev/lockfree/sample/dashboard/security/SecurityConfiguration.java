package dev.lockfree.sample.dashboard.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.lockfree.sample.dashboard.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what. Anonymous: the ingest and query API, the stream server, the dashboard page, {@code /health}
 * (a status only, see {@code health.HealthController}), and the read side
 * of Actuator's {@code health} (status only: components and details need the role ADMIN, see
 * {@code management.endpoint.health.*} in {@code application.yml}), {@code metrics} and {@code prometheus}, and
 * (kafka profile) {@code GET} of {@code eventstorewindow}: the other instances of the cluster ask it for the window
 * aggregates of the partitions this one owns, and the starter's {@code HttpOwnerClient} sends no credentials. It
 * answers counts, sums, minima and maxima per time range, no event and no error text, which
 * {@code GET /stats/global} already gives anyone; an {@code OwnerClient} bean with credentials would be the way to
 * close it.
 * Role {@code ADMIN} (HTTP Basic): {@code /admin/**}, {@code info} (it names the snapshot directory),
 * {@code eventstore} (its {@code lastError} is exception text, which may name paths; the dashboard page reads
 * the snapshot status from {@code /api/dashboard} instead), snapshot-now
 * ({@code POST /actuator/eventstore/{store}}) and every other endpoint. Actuator is
 * matched with {@link EndpointRequest}, so a changed {@code management.endpoints.web.base-path} or
 * {@code management.server.port} stays protected; anything else under the base path (an endpoint that is not
 * exposed, such as {@code env}) needs the role ADMIN too, so anonymous callers get 401 there, not 404.
 * Stateless: no session, no cookie, hence no CSRF token to check. 401, 403 and 429 (too many failed logins, see
 * {@link LoginThrottle}) answer with problem bodies like every other error of the API.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String ADMIN = "ADMIN";
    private static final System.Logger LOG = System.getLogger(SecurityConfiguration.class.getName());

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json, LoginThrottle throttle,
                                    WebEndpointProperties webEndpoints) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"lockfree-eventstore\"");
            ProblemResponses.write(request, response, json, ProblemResponses.problem(HttpStatus.UNAUTHORIZED,
                    "unauthorized", "Unauthorized", "Authentication required: HTTP Basic with a user of role ADMIN"));
        };
        AccessDeniedHandler forbidden = (request, response, e) -> ProblemResponses.write(request, response, json,
                ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "This operation needs the role ADMIN"));
        RequestMatcher underActuatorBasePath = underBasePath(webEndpoints.getBasePath());
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin", "/admin/**").hasRole(ADMIN)
                        .requestMatchers(EndpointRequest.to("health", "metrics", "prometheus")
                                .withHttpMethod(HttpMethod.GET)).permitAll()
                        .requestMatchers(EndpointRequest.to("eventstorewindow")
                                .withHttpMethod(HttpMethod.GET)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN)
                        .requestMatchers(underActuatorBasePath).hasRole(ADMIN)
                        .anyRequest().permitAll())
                .addFilterBefore(new LoginThrottleFilter(throttle, json), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * {@code <base-path>} and everything under it; matches nothing when the base path is the root (possible only
     * with a separate management port, where {@link EndpointRequest} already covers every endpoint).
     */
    static RequestMatcher underBasePath(String basePath) {
        if (basePath == null || basePath.isEmpty() || basePath.equals("/")) {
            return request -> false;
        }
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(basePath), paths.matcher(basePath + "/**"));
    }

    @Bean
    LoginThrottle loginThrottle(DashboardSecurityProperties properties, Clock clock) {
        return new LoginThrottle(properties.loginThrottle(), clock);
    }

    /** Feeds the throttle from Spring Security's authentication events (published for HTTP Basic logins). */
    @Bean
    LoginThrottleEvents loginThrottleEvents(LoginThrottle throttle) {
        return new LoginThrottleEvents(throttle);
    }

    /**
     * URLs the security firewall refuses (encoded slashes or dots, {@code ..}, {@code //}, control characters):
     * a 400 problem like any other bad input instead of an empty response.
     */
    @Bean
    RequestRejectedHandler problemOnRejectedRequest(JsonMapper json) {
        return (request, response, e) -> ProblemResponses.write(request, response, json,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "rejected-url", "Rejected URL",
                        rejectionDetail(e.getMessage())));
    }

    /**
     * The firewall's own message quotes the rejected URL part or header value verbatim; the answer names the
     * rule broken without echoing attacker-chosen text.
     */
    static String rejectionDetail(String firewallMessage) {
        String message = firewallMessage == null ? "" : firewallMessage.toLowerCase(java.util.Locale.ROOT);
        if (message.contains("header")) {
            return "A request header name or value was rejected: only printable ASCII is accepted";
        }
        return "The request URL was rejected: encoded slashes, backslashes, dots or percent signs, '..', '//', "
                + "';' and control characters are not accepted in a path";
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    DashboardUserDetailsService dashboardUsers(DashboardSecurityProperties properties, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        properties.users().forEach((name, user) -> users.add(User.withUsername(name)
                .password(user.password().startsWith("{") ? user.password() : encoder.encode(user.password()))
                .roles(user.roles().toArray(String[]::new))
                .build()));
        if (users.isEmpty()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.log(System.Logger.Level.WARNING, "No dashboard.security.users configured: the admin routes accept "
                    + "user 'admin' with the generated password " + password
                    + " (set dashboard.security.users.admin.password to choose one)");
            users.add(User.withUsername("admin").password(encoder.encode(password)).roles(ADMIN).build());
        }
        return new DashboardUserDetailsService(users);
    }
}
