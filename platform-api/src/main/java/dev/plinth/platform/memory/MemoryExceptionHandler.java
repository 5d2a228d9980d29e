package dev.plinth.platform.memory;

import dev.plinth.memory.MemoryException;
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

/** Maps the memory store's failures to API problems. Ordered first: the general handler catches everything. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MemoryExceptionHandler {

    @ExceptionHandler(MemoryException.class)
    ResponseEntity<ProblemDetail> handle(MemoryException exception, HttpServletRequest request) {
        ProblemType type = switch (exception.kind()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case INVALID -> ProblemType.VALIDATION_FAILED;
            case TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
            case CONFLICT -> ProblemType.CONFLICT;
            case PRECONDITION_FAILED -> ProblemType.PRECONDITION_FAILED;
        };
        List<InputError> errors = exception.pointer() == null ? List.of()
                : List.of(InputError.of(exception.pointer(), exception.getMessage(), exception.hint()));
        ProblemDetail problem = Problems.of(new ApiException(type, exception.getMessage(), errors), request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
