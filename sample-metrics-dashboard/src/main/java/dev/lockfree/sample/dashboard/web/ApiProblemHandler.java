package dev.lockfree.sample.dashboard.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error of the API as an RFC 9457 {@code application/problem+json} body whose {@code detail} names the
 * field, parameter or header at fault (and, for 4xx, nothing has been stored: validation runs before appends).
 * Spring MVC's own exceptions (415, 405, 406...) keep the framework's detail and get the app's {@code type}
 * for their status ({@link ProblemResponses#typeFor}). Spring MVC fills in {@code instance} (the request path)
 * of every problem a handler returns. Errors outside Spring MVC: {@link ProblemErrorController} and
 * {@link ProblemErrorReportValve}.
 */
@RestControllerAdvice
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final System.Logger LOG = System.getLogger(ApiProblemHandler.class.getName());
    private static final Pattern REJECTED_HEADER = Pattern.compile("header: \"([^\"]*)\" has a value");

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ProblemDetail notFound(ResourceNotFoundException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found", e.title(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(StoreFullException.class)
    ResponseEntity<ProblemDetail> storeFull(StoreFullException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-full", "Store full",
                e.getMessage());
        problem.setProperty("store", e.store());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** A query or form parameter that is not valid percent-encoded UTF-8 (Tomcat decodes parameters lazily). */
    @ExceptionHandler(PublishFailedException.class)
    ProblemDetail publishFailed(PublishFailedException e) {
        return ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "kafka-publish-failed", "Kafka publish failed",
                e.getMessage());
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail undecodableParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "A request parameter is not valid percent-encoded UTF-8");
        problem.setProperty("field", "parameters");
        return problem;
    }

    /**
     * Spring Security's firewall checks header values lazily, when a handler reads them: a value outside its
     * allowed characters (control or non-ASCII bytes) is bad input, not a server error. The value is not echoed.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejectedHeader(RequestRejectedException e) {
        Matcher header = REJECTED_HEADER.matcher(String.valueOf(e.getMessage()));
        String field = header.find() ? JsonFields.printable(header.group(1).strip()) : "headers";
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "Header '" + field + "' has a value with characters that are not allowed (control or non-ASCII)");
        problem.setProperty("field", field);
        return problem;
    }

    /** Anything unexpected: logged with its stack trace, answered without it. */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected error on " + request.getMethod() + " "
                + request.getRequestURI(), e);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "Unexpected server error; the server log has the details");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = causeOfType(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = RequestBodyLimitFilter.tooLarge(tooLarge.limitBytes());
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        JacksonException json = causeOfType(e, JacksonException.class);
        String detail = json == null
                ? "Request body is missing or unreadable"
                : "Request body is not valid JSON: " + JsonFields.printable(json.getOriginalMessage())
                        + location(json);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                detail);
        String duplicate = json == null ? null : duplicateMember(json.getOriginalMessage());
        problem.setProperty("field", duplicate != null ? duplicate : brokenSurrogateObject(json));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * The member name of Jackson's {@code Duplicate Object property "name"} (strict duplicate detection, see
     * {@link JsonConfiguration}), so the problem names the field like every other 400; {@code null} otherwise.
     */
    private static String duplicateMember(String message) {
        String prefix = "Duplicate Object property \"";
        if (message == null || !message.startsWith(prefix) || message.lastIndexOf('"') <= prefix.length() - 1) {
            return null;
        }
        return JsonFields.printable(message.substring(prefix.length(), message.lastIndexOf('"')));
    }

    /**
     * The parser refuses an unpaired surrogate in a member name itself (string values reach
     * {@link JsonFields#checkTree}): the JSON Pointer of the object holding that name, as the walker would name
     * it; "body" for the top-level object and for every other syntax error.
     */
    private static String brokenSurrogateObject(JacksonException json) {
        if (json instanceof StreamReadException read && read.processor() != null
                && String.valueOf(read.getOriginalMessage()).contains("surrogate")) {
            // The object's context still holds its previous member's name: the parent's path ends at the object.
            TokenStreamContext object = read.processor().streamReadContext();
            TokenStreamContext parent = object.getParent();
            String pointer = (parent != null ? parent : object).pathAsPointer().toString();
            return pointer.isEmpty() ? "body" : JsonFields.printable(pointer);
        }
        return "body";
    }

    /** Every problem this handler answers carries an app {@code type}, the framework's own ones included. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        // The framework passes a null body for its own exceptions and takes the ErrorResponse's problem later.
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : body == null && e instanceof ErrorResponse framework ? framework.getBody() : null;
        if (problem != null && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemResponses.typeFor(statusCode.value()));
        }
        return super.handleExceptionInternal(e, body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        Class<?> required = e.getRequiredType();
        String expected = required == null ? "a valid value"
                : required == java.time.Instant.class ? "an ISO-8601 instant such as 2026-11-27T12:00:00Z"
                : Number.class.isAssignableFrom(required) || required.isPrimitive() ? "a number"
                : "a " + required.getSimpleName();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "Parameter '" + name + "' must be " + expected + ", was '"
                        + JsonFields.printable(String.valueOf(e.getValue())) + "'");
        problem.setProperty("field", name);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "Parameter '" + e.getParameterName() + "' is required");
        problem.setProperty("field", e.getParameterName());
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String location(JacksonException e) {
        var location = e.getLocation();
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
