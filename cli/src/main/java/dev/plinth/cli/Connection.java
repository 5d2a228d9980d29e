package dev.plinth.cli;

import picocli.CommandLine.Option;

/**
 * Where the server is and which API key to use: options, or the environment variables
 * {@code PLINTH_SERVER} (or {@code PLINTH_URL}) and {@code PLINTH_API_KEY}. The key is never printed.
 */
final class Connection {

    @Option(names = "--server", paramLabel = "URL", description = "Plinth server URL (default: $PLINTH_SERVER)")
    String server;

    @Option(names = "--key", paramLabel = "KEY", description = "API key (default: $PLINTH_API_KEY)")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json")
    String output;

    PlinthClient client(Plinth root) {
        String url = first(server, root.environment().get("PLINTH_SERVER"), root.environment().get("PLINTH_URL"));
        String apiKey = first(key, root.environment().get("PLINTH_API_KEY"));
        if (url == null) {
            throw new CliFailure(Plinth.USAGE, "error: no server; pass --server or set PLINTH_SERVER");
        }
        if (apiKey == null) {
            throw new CliFailure(Plinth.USAGE, "error: no API key; pass --key or set PLINTH_API_KEY");
        }
        if (!"text".equals(output) && !"json".equals(output)) {
            throw new CliFailure(Plinth.USAGE, "error: --output must be text or json");
        }
        return new PlinthClient(url, apiKey);
    }

    boolean json() {
        return "json".equals(output);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
