package dev.plinth.deploy.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one agent process runs: which server, with which token, for which environment.
 *
 * @param server        the Plinth server's base URL ({@code --server} / {@code PLINTH_SERVER})
 * @param token         an API key of role {@code agent} ({@code --token} / {@code PLINTH_AGENT_TOKEN})
 * @param environment   the environment whose steps this agent runs ({@code --environment} / {@code PLINTH_ENVIRONMENT})
 * @param name          unique among the tenant's agents ({@code --name} / {@code PLINTH_AGENT_NAME}; default the host name)
 * @param concurrency   how many steps run at once ({@code --concurrency} / {@code PLINTH_AGENT_CONCURRENCY}; default 4)
 * @param heartbeat     how often the agent tells the server it is alive (10 s)
 * @param leaseWait     how long one lease request waits for tasks on the server (at most 30 s)
 * @param shutdownGrace how long a stopping agent lets running steps finish before abandoning them
 */
public record AgentSettings(URI server, String token, String environment, String name, int concurrency,
        Duration heartbeat, Duration leaseWait, Duration shutdownGrace) {

    static final String USAGE = """
            usage: plinth-agent --server URL --token KEY --environment ENV [--name NAME] [--concurrency N]
              each option may also come from the environment: PLINTH_SERVER, PLINTH_AGENT_TOKEN,
              PLINTH_ENVIRONMENT, PLINTH_AGENT_NAME, PLINTH_AGENT_CONCURRENCY
              (prefer PLINTH_AGENT_TOKEN: a command-line argument is visible to other users of the host)""";

    public AgentSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    /** Settings with the default heartbeat (10 s), lease wait (20 s) and shutdown grace (20 s). */
    public static AgentSettings of(URI server, String token, String environment, String name, int concurrency) {
        return new AgentSettings(server, token, environment, name, concurrency, Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    /**
     * Reads {@code --option value} or {@code --option=value} arguments, each falling back to its
     * environment variable; a missing or malformed one is an {@link IllegalArgumentException}.
     */
    static AgentSettings parse(String[] args, Map<String, String> environment) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            }
            else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
        }
        String server = option(options, environment, "server", "PLINTH_SERVER", null);
        String token = option(options, environment, "token", "PLINTH_AGENT_TOKEN", null);
        String env = option(options, environment, "environment", "PLINTH_ENVIRONMENT", null);
        String name = option(options, environment, "name", "PLINTH_AGENT_NAME", hostName());
        String concurrency = option(options, environment, "concurrency", "PLINTH_AGENT_CONCURRENCY", "4");
        options.keySet().removeAll(Set.of("server", "token", "environment", "name", "concurrency"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
        }
        URI base;
        try {
            base = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("--server is not a URL: " + server);
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--server must be an http(s) URL, not " + server);
        }
        int slots;
        try {
            slots = Integer.parseInt(concurrency);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("--concurrency must be a number, not " + concurrency);
        }
        return of(base, token, env, name, slots);
    }

    private static String option(Map<String, String> options, Map<String, String> environment, String name,
            String variable, String fallback) {
        String value = options.getOrDefault(name, environment.get(variable));
        if (value == null || value.isBlank()) {
            value = fallback;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " (or " + variable + ") is required");
        }
        return value.trim();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return null;
        }
    }

    @Override
    public String toString() {
        // Never print the token.
        return "AgentSettings[server=" + server + ", environment=" + environment + ", name=" + name
                + ", concurrency=" + concurrency + "]";
    }
}
