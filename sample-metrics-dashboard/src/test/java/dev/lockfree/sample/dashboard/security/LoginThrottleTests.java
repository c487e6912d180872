package dev.lockfree.sample.dashboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.lockfree.sample.dashboard.support.Json;
import dev.lockfree.sample.dashboard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed HTTP Basic logins over real HTTP: the users of {@code AppTest}, low limits (3 per user name, 6 per
 * address: every request of a test comes from 127.0.0.1) and a clock the test moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "eventstore.snapshot.enabled=false",
        "dashboard.security.users.admin.password=admin-secret",
        "dashboard.security.users.admin.roles=ADMIN",
        "dashboard.security.users.viewer.password=viewer-secret",
        "dashboard.security.users.viewer.roles=VIEWER",
        "dashboard.security.login-throttle.max-failures=3",
        "dashboard.security.login-throttle.max-failures-per-address=6",
        "dashboard.security.login-throttle.window=1m",
        "dashboard.security.login-throttle.lockout=2m"})
@AutoConfigureRestTestClient
class LoginThrottleTests {

    static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }

    @Autowired
    LoginThrottle throttle;

    @Autowired
    Clock clock;

    @Autowired
    RestTestClient http;


    @BeforeEach
    void setUp() {
        throttle.clear();
    }

    @Test
    void afterTooManyWrongPasswordsEvenTheRightOneIs429UntilTheLockoutEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(getAs("admin", "guess-" + i, "/actuator/info")).hasStatus(401);
        }

        RestTestClientResponse locked = getAs("admin", "admin-secret", "/actuator/info");

        assertThat(locked).hasStatus(429);
        assertThat(locked).hasHeader("Retry-After", "120");
        assertThat(locked).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(locked).get("type").stringValue())
                .isEqualTo("https://lockfree.dev/problems/too-many-login-failures");
        assertThat(Json.of(locked).get("status").intValue()).isEqualTo(429);
        assertThat(Json.of(locked).get("instance").stringValue()).isEqualTo("/actuator/info");
        assertThat(Json.text(locked)).doesNotContain("admin-secret");

        // Another user from the same address is not locked (3 failures < 6), nor are anonymous requests.
        assertThat(getAs("viewer", "viewer-secret", "/actuator/info")).hasStatus(403);
        assertThat(get("/actuator/health")).hasStatus(200);

        mutableClock().advance(Duration.ofSeconds(90));
        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasHeader("Retry-After", "30");
        mutableClock().advance(Duration.ofSeconds(30));
        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasStatus(200);
    }

    @Test
    void aLockedUserNameIsNotCheckedSoAWrongPasswordDoesNotCountEither() {
        for (int i = 0; i < 3; i++) {
            getAs("admin", "guess-" + i, "/actuator/info");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(getAs("admin", "more-guesses-" + i, "/actuator/info")).hasStatus(429);
        }

        // Eight attempts in all, yet only three reached the password check: the address (limit 6) is not locked.
        assertThat(getAs("viewer", "viewer-secret", "/actuator/info")).hasStatus(403);
    }

    @Test
    void anAddressIsLockedAfterFailuresForManyUserNames() {
        for (int i = 0; i < 6; i++) {
            assertThat(getAs("user-" + i, "guess", "/actuator/info")).hasStatus(401);
        }

        RestTestClientResponse locked = getAs("viewer", "viewer-secret", "/actuator/info");

        assertThat(locked).hasStatus(429);
        assertThat(locked).hasHeader("Retry-After", "120");
        // No forward-headers strategy is configured: a client cannot pick its own address.
        RestTestClientResponse spoofed = RestTestClientResponse.from(http.get().uri("/actuator/info")
                .headers(headers -> headers.setBasicAuth("viewer", "viewer-secret"))
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9").exchange());
        assertThat(spoofed).hasStatus(429);
        assertThat(get("/actuator/health")).hasStatus(200);
        mutableClock().advance(Duration.ofMinutes(2));
        assertThat(getAs("viewer", "viewer-secret", "/actuator/info")).hasStatus(403);
    }

    @Test
    void aSuccessfulLoginResetsTheUserNamesCount() {
        getAs("admin", "guess-1", "/actuator/info");
        getAs("admin", "guess-2", "/actuator/info");
        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasStatus(200);
        getAs("admin", "guess-3", "/actuator/info");
        getAs("admin", "guess-4", "/actuator/info");

        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasStatus(200);
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        getAs("admin", "guess-1", "/actuator/info");
        getAs("admin", "guess-2", "/actuator/info");
        mutableClock().advance(Duration.ofMinutes(1));
        getAs("admin", "guess-3", "/actuator/info");
        getAs("admin", "guess-4", "/actuator/info");

        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasStatus(200);
    }

    @Test
    void theUserNameIsExactAndAWrongCaseCountsAsAFailureOfThatName() {
        assertThat(getAs("Admin", "admin-secret", "/actuator/info")).hasStatus(401);
        assertThat(getAs("Admin", "admin-secret", "/actuator/info")).hasStatus(401);
        assertThat(getAs("Admin", "admin-secret", "/actuator/info")).hasStatus(401);

        assertThat(getAs("Admin", "admin-secret", "/actuator/info")).hasStatus(429);
        assertThat(getAs("admin", "admin-secret", "/actuator/info")).hasStatus(200);
    }

    private MutableClock mutableClock() {
        assertThat(clock).isInstanceOf(MutableClock.class);
        return (MutableClock) clock;
    }

    private RestTestClientResponse getAs(String user, String password, String path) {
        return RestTestClientResponse.from(http.get().uri(path)
                .headers(headers -> headers.setBasicAuth(user, password)).exchange());
    }

    private RestTestClientResponse get(String uri, Object... uriVariables) {
        return RestTestClientResponse.from(http.get().uri(uri, uriVariables).exchange());
    }
}
