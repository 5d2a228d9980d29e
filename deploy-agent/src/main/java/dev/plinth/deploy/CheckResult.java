package dev.plinth.deploy;

/**
 * The outcome of one pre-flight check of a deployment.
 *
 * @param name   {@code revision}, {@code secrets}, {@code connectors} or {@code smoke}
 * @param status {@code passed}, {@code failed}, {@code running} or {@code skipped}
 * @param detail why, in words a person can act on
 */
public record CheckResult(String name, String status, String detail) {

    public static CheckResult passed(String name, String detail) {
        return new CheckResult(name, "passed", detail);
    }

    public static CheckResult failed(String name, String detail) {
        return new CheckResult(name, "failed", detail);
    }

    public boolean hasFailed() {
        return "failed".equals(status);
    }
}
