package dev.plinth.platform.problem;

import dev.plinth.observability.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become RFC 9457 problems. Every response it produces carries a
 * stable {@link ProblemType} URI; server-side failures are logged with the request id and reach
 * the client without any internal detail.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException exception, HttpServletRequest request) {
        return respond(Problems.of(exception, request));
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> handleConcurrentUpdate(OptimisticLockingFailureException exception,
            HttpServletRequest request) {
        return respond(Problems.of(ProblemType.PRECONDITION_FAILED,
                "The resource was changed by another request; read it again and retry with its new ETag",
                request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception exception, HttpServletRequest request) {
        log.error("Unexpected failure handling {} {}", request.getMethod(), request.getRequestURI(), exception);
        return respond(Problems.of(ProblemType.INTERNAL_ERROR,
                "An unexpected error occurred; quote the requestId when reporting it", request));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InputError> errors = new ArrayList<>();
        for (FieldError field : exception.getBindingResult().getFieldErrors()) {
            errors.add(InputError.of(JsonPointers.fromPropertyPath(field.getField()), field.getDefaultMessage(), null));
        }
        exception.getBindingResult().getGlobalErrors()
                .forEach(global -> errors.add(InputError.of("", global.getDefaultMessage(), null)));
        errors.sort(Comparator.comparing(InputError::pointer));
        ProblemDetail problem = Problems.withErrors(ProblemType.VALIDATION_FAILED,
                "The request body has " + errors.size() + " invalid field(s)", errors, servletRequest(request));
        return new ResponseEntity<>(problem, problemHeaders(), problem.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException jackson = findCause(exception, JacksonException.class);
        String detail = "The request body is not valid JSON or does not match the expected shape";
        ProblemDetail problem;
        if (jackson != null) {
            String pointer = JsonPointers.fromJacksonPath(jackson.getPath());
            String message = JsonErrorMessages.of(jackson);
            String hint = null;
            if (jackson instanceof UnrecognizedPropertyException unknown) {
                message = "Unknown property '" + unknown.getPropertyName() + "'";
                hint = "Known properties here: " + unknown.getKnownPropertyIds().stream().map(Object::toString)
                        .sorted().collect(Collectors.joining(", "));
            }
            InputError error = new InputError(pointer, message, hint,
                    jackson.getLocation() == null || jackson.getLocation().getLineNr() < 1
                            ? null : jackson.getLocation().getLineNr());
            problem = Problems.withErrors(ProblemType.MALFORMED_REQUEST, detail, List.of(error), servletRequest(request));
        } else {
            problem = Problems.of(ProblemType.MALFORMED_REQUEST, "The request body is missing or unreadable",
                    servletRequest(request));
        }
        return new ResponseEntity<>(problem, problemHeaders(), problem.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        ProblemDetail problem = Problems.of(ProblemType.NOT_FOUND, "No endpoint at " + exception.getHttpMethod() + " /"
                + exception.getResourcePath() + "; see /v3/api-docs for the API", servletRequest);
        return new ResponseEntity<>(problem, problemHeaders(), problem.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = exception.getPropertyName() == null ? "parameter" : exception.getPropertyName();
        String expected = exception.getRequiredType() == null ? "another type"
                : exception.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        ProblemDetail problem = Problems.of(ProblemType.INVALID_PARAMETER,
                "Parameter '" + name + "' has the value '" + exception.getValue() + "', which is not a valid " + expected,
                servletRequest(request));
        problem.setProperty("parameter", name);
        return new ResponseEntity<>(problem, problemHeaders(), problem.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = ProblemType.forStatus(statusCode.value());
        HttpServletRequest servletRequest = servletRequest(request);
        ProblemDetail problem;
        if (body instanceof ProblemDetail given) {
            problem = given;
            problem.setType(type.uri());
            problem.setTitle(type.title());
            if (servletRequest != null) {
                problem.setInstance(URI.create(servletRequest.getRequestURI()));
                String requestId = RequestIdFilter.current(servletRequest);
                if (requestId != null) {
                    problem.setProperty("requestId", requestId);
                }
            }
        } else {
            problem = Problems.of(type, statusCode.value() >= 500 ? null : exception.getMessage(), servletRequest);
        }
        if (statusCode.is5xxServerError()) {
            log.error("Server-side failure", exception);
            problem.setDetail("An unexpected error occurred; quote the requestId when reporting it");
        }
        HttpHeaders merged = new HttpHeaders();
        if (headers != null) {
            merged.putAll(headers);
        }
        merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, merged, statusCode);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).headers(problemHeaders()).body(problem);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
    }

    private static <T extends Throwable> T findCause(Throwable throwable, Class<T> type) {
        for (Throwable current = throwable; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }
}
