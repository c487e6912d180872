package dev.lockfree.sample.dashboard.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, with a 415 problem, request bodies the API would otherwise misread:
 * <ul>
 * <li>a {@code Content-Encoding} other than {@code identity}: nothing here decodes gzip or any other coding,
 * so the JSON parser would see compressed bytes (RFC 9110 §15.5.16: 415, with {@code Accept-Encoding}
 * saying what is accepted);</li>
 * <li>a JSON body declaring a charset other than UTF-8: JSON exchanged between systems is UTF-8 (RFC 8259
 * §8.1), and decoding UTF-16 as declared would accept text the rest of the API never sees in that form.</li>
 * </ul>
 * Runs first, before the body limit and security, so no component reads such a body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RequestEncodingFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    public RequestEncodingFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasBody(request)) {
            for (String header : Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING))) {
                for (String coding : header.split(",")) {
                    String trimmed = coding.trim();
                    if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("identity")) {
                        response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
                        ProblemDetail problem = ProblemResponses.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported-content-encoding", "Unsupported content encoding",
                                "Content-Encoding '" + JsonFields.printable(trimmed) + "' is not supported: "
                                        + "send the request body uncompressed (identity)");
                        problem.setProperty("field", HttpHeaders.CONTENT_ENCODING);
                        ProblemResponses.write(request, response, json, problem);
                        return;
                    }
                }
            }
            String charset = nonUtf8JsonCharset(request.getContentType());
            if (charset != null) {
                ProblemDetail problem = ProblemResponses.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-charset", "Unsupported charset", "Content-Type charset '"
                                + JsonFields.printable(charset) + "' is not supported: JSON bodies must be UTF-8");
                problem.setProperty("field", HttpHeaders.CONTENT_TYPE);
                problem.setProperty("charset", JsonFields.printable(charset));
                ProblemResponses.write(request, response, json, problem);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /**
     * The declared charset of a JSON content type when it is not UTF-8; {@code null} otherwise. Parsed by hand:
     * Spring's parser refuses a charset the JVM does not know, and such a charset must be refused here too.
     */
    static String nonUtf8JsonCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).strip();
                String charset = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
                return charset.equalsIgnoreCase("utf-8") ? null : charset;
            }
        }
        return null;
    }
}
