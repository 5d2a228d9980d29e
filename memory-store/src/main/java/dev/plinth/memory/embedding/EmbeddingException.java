package dev.plinth.memory.embedding;

/**
 * An embedding call failed. {@link #retryable()} tells whether the same call may succeed later
 * (rate limit, server error, timeout, I/O) or will fail again until something is changed
 * (bad credentials, bad request, model error).
 *
 * <p>Messages never contain API keys, so they may be logged and shown to operators.
 */
public class EmbeddingException extends RuntimeException {

    private final boolean retryable;

    public EmbeddingException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public EmbeddingException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether repeating the same call later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
