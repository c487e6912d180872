package dev.lockfree.sample.dashboard.support;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every error answer of the API must pass: an RFC 9457 body with the app's {@code type}. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://lockfree.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** Asserts status, content type, {@code status} and {@code type} of the body; returns the body. */
    public static JsonNode assertProblem(RestTestClientResponse response, int status, String type) {
        ExchangeResult result = response.getExchangeResult();
        return assertProblem(result.getStatus().value(), result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                Json.text(result), status, type);
    }

    public static JsonNode assertProblem(HttpApi.Response response, int status, String type) {
        return assertProblem(response.status(), response.contentType(), response.body(), status, type);
    }

    public static JsonNode assertProblem(RawHttp.Response response, int status, String type) {
        return assertProblem(response.status(), response.header("Content-Type"), response.body(), status, type);
    }

    private static JsonNode assertProblem(int actualStatus, String contentType, String body, int status,
                                          String type) {
        String described = actualStatus + " " + contentType + " " + body;
        assertThat(actualStatus).as(described).isEqualTo(status);
        assertThat(contentType).as(described).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").intValue()).as(described).isEqualTo(status);
        assertThat(problem.get("type").stringValue()).as(described).isEqualTo(TYPE_PREFIX + type);
        assertThat(problem.get("title").stringValue()).as(described).isNotBlank();
        assertThat(problem.get("detail").stringValue()).as(described).isNotBlank();
        return problem;
    }

    /** As {@link #assertProblem(RestTestClientResponse, int, String)}, also naming {@code field} in the detail. */
    public static JsonNode assertFieldProblem(RestTestClientResponse response, int status, String type, String field,
                                              String detail) {
        JsonNode problem = assertProblem(response, status, type);
        String described = response.getExchangeResult().toString();
        assertThat(problem.get("field").stringValue()).as(described).isEqualTo(field);
        assertThat(problem.get("detail").stringValue()).as(described).contains(detail);
        return problem;
    }

    public static JsonNode assertFieldProblem(HttpApi.Response response, int status, String type, String field,
                                              String detail) {
        JsonNode problem = assertProblem(response, status, type);
        assertThat(problem.get("field").stringValue()).as(response.toString()).isEqualTo(field);
        assertThat(problem.get("detail").stringValue()).as(response.toString()).contains(detail);
        return problem;
    }
}
