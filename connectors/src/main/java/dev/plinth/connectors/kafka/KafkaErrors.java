package dev.plinth.connectors.kafka;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Maps a failed publish to a step outcome: what the record or the connector got wrong (a bad
 * topic name, an oversized record, refused credentials, bad producer properties) is a
 * non-retryable {@code kafka-error}; anything else (broker unreachable, leader moving, no ack in
 * time) may pass and is retryable.
 */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static StepOutcome outcome(Throwable failure, SecretSettings secrets, Duration timeout) {
        Throwable cause = rootKafkaCause(failure);
        String message = secrets.redact(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        if (cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return StepOutcome.failure("timeout", "The broker did not acknowledge the record within " + timeout
                    + " (it may still arrive; consumers can drop repeats by the idempotency header): " + message,
                    true);
        }
        if (cause instanceof InvalidTopicException || cause instanceof RecordTooLargeException
                || cause instanceof RecordBatchTooLargeException || cause instanceof SerializationException
                || cause instanceof AuthenticationException || cause instanceof AuthorizationException
                || cause instanceof UnsupportedVersionException || cause instanceof ConfigException) {
            return StepOutcome.failure("kafka-error", "The record was refused: " + message, false);
        }
        return StepOutcome.failure("connection-error", "Publishing failed: " + message, true);
    }

    /** The innermost Kafka exception (Spring and the future wrap it), or the failure itself. */
    private static Throwable rootKafkaCause(Throwable failure) {
        Throwable found = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.KafkaException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                found = cause;
            }
        }
        return found;
    }
}
