package dev.plinth.platform.runs;

import dev.plinth.orchestrator.WorkflowException;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the orchestrator's failures to API problems. Ordered first: the general handler catches everything. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkflowExceptionHandler {

    @ExceptionHandler(WorkflowException.class)
    ResponseEntity<ProblemDetail> handle(WorkflowException exception, HttpServletRequest request) {
        ProblemType type = switch (exception.kind()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case INVALID -> ProblemType.VALIDATION_FAILED;
            case CONFLICT -> ProblemType.CONFLICT;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
        };
        ProblemDetail problem = Problems.of(new ApiException(type, exception.getMessage(), exception.problems().stream()
                .map(p -> InputError.of(p.pointer(), p.message(), null)).toList()), request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
