package dev.plinth.deploy.agent;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code plinth-agent}: runs the steps of one deployment environment inside the network it is
 * started in. A plain Java main (no Spring context: the agent needs an HTTP client, JSON and the
 * executors, not a database, a broker or a web server). Exit codes: 0 stopped, 1 could not
 * register, 2 usage error.
 */
public final class PlinthAgent {

    private PlinthAgent() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentSettings settings;
        try {
            settings = AgentSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException usage) {
            System.err.println("plinth-agent: " + usage.getMessage());
            System.err.println(AgentSettings.USAGE);
            System.exit(2);
            return;
        }
        AgentRuntime agent = new AgentRuntime(settings, ExecutorCatalog.discover());
        try {
            agent.start();
        } catch (IOException refused) {
            System.err.println("plinth-agent: could not register with " + settings.server() + ": "
                    + refused.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM / Ctrl-C: let running steps finish and report (up to the grace period), then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.stop();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "plinth-agent-shutdown"));
        // The agent's threads are daemons; the main thread keeps the process alive until it is stopped.
        new CountDownLatch(1).await();
    }
}
