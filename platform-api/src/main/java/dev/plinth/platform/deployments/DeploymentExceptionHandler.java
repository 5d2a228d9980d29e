package dev.plinth.platform.deployments;

import dev.plinth.deploy.DeploymentException;
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

/** Maps the deployment module's failures to API problems. Ordered first: the general handler catches everything. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DeploymentExceptionHandler {

    @ExceptionHandler(DeploymentException.class)
    ResponseEntity<ProblemDetail> handle(DeploymentException exception, HttpServletRequest request) {
        ProblemType type = switch (exception.kind()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            // Without a pointer the fault is in a query parameter, not the body.
            case INVALID -> exception.pointer() == null ? ProblemType.INVALID_PARAMETER : ProblemType.VALIDATION_FAILED;
            case CONFLICT -> ProblemType.CONFLICT;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
        };
        List<InputError> errors = exception.pointer() == null ? List.of()
                : List.of(InputError.of(exception.pointer(), exception.getMessage(), null));
        ProblemDetail problem = Problems.of(new ApiException(type, exception.getMessage(), errors), request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
