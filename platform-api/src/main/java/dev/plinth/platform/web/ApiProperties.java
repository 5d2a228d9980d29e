package dev.plinth.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and retention of the REST API.
 *
 * @param maxBodySize           largest request body accepted (413 above it)
 * @param idempotencyRetention  how long a response is replayed for a repeated Idempotency-Key
 */
@ConfigurationProperties("plinth.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("24h") Duration idempotencyRetention) {
}
