package dev.plinth.platform.secrets;

import dev.plinth.connectors.SecretException;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the secret store's failures to API problems. Ordered first: the general handler catches everything. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecretExceptionHandler {

    @ExceptionHandler(SecretException.class)
    ResponseEntity<ProblemDetail> handle(SecretException exception, HttpServletRequest request) {
        ProblemType type = exception.kind() == SecretException.Kind.NOT_FOUND ? ProblemType.NOT_FOUND
                : "/cursor".equals(exception.pointer()) ? ProblemType.INVALID_PARAMETER : ProblemType.VALIDATION_FAILED;
        List<InputError> errors = exception.pointer() == null ? List.of()
                : List.of(InputError.of(exception.pointer(), exception.getMessage(), exception.hint()));
        ProblemDetail problem = Problems.of(new ApiException(type, exception.getMessage(), errors), request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
