package dev.lockfree.sample.dashboard.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.lockfree.sample.dashboard.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what. Anonymous: the ingest and query API, the stream server, the dashboard page, and the read side
 * of Actuator's {@code health}, {@code info}, {@code metrics}, {@code prometheus} and {@code eventstore}.
 * Role {@code ADMIN} (HTTP Basic): {@code /admin/**}, snapshot-now ({@code POST /actuator/eventstore/{store}})
 * and everything else under {@code /actuator}. Stateless: no session, no cookie, hence no CSRF token to check.
 * 401 and 403 answer with problem bodies like every other error of the API.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String ADMIN = "ADMIN";
    private static final System.Logger LOG = System.getLogger(SecurityConfiguration.class.getName());

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"lockfree-eventstore\"");
            ProblemResponses.write(request, response, json, ProblemResponses.problem(HttpStatus.UNAUTHORIZED,
                    "unauthorized", "Unauthorized", "Authentication required: HTTP Basic with a user of role ADMIN"));
        };
        AccessDeniedHandler forbidden = (request, response, e) -> ProblemResponses.write(request, response, json,
                ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "This operation needs the role ADMIN"));
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin", "/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/metrics", "/actuator/metrics/**", "/actuator/prometheus",
                                "/actuator/eventstore", "/actuator/eventstore/**").permitAll()
                        .requestMatchers("/actuator", "/actuator/**").hasRole(ADMIN)
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * URLs the security firewall refuses (encoded slashes or dots, {@code ..}, {@code //}, control characters):
     * a 400 problem like any other bad input instead of an empty response.
     */
    @Bean
    RequestRejectedHandler problemOnRejectedRequest(JsonMapper json) {
        return (request, response, e) -> ProblemResponses.write(request, response, json,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "rejected-url", "Rejected URL",
                        "The request URL was rejected: " + e.getMessage()));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager dashboardUsers(DashboardSecurityProperties properties, PasswordEncoder encoder) {
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
        return new InMemoryUserDetailsManager(users);
    }
}
