package dev.plinth.connectors.llm;

import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The settings of one {@code llm} connector: an OpenAI-compatible endpoint ({@code baseUrl} up to
 * and including the version segment, e.g. {@code https://api.openai.com/v1}), its API key (a
 * {@code ${secret:name}} reference; optional for local endpoints), the default model and sampling.
 *
 * @param temperature {@code null} leaves it to the provider
 * @param maxTokens   {@code null} leaves it to the provider
 */
record LlmSettings(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
        Duration timeout) {

    static final Set<String> KNOWN = Set.of("baseUrl", "apiKey", "model", "temperature", "maxTokens", "timeout");

    static LlmSettings read(SettingsReader reader) {
        String baseUrl = reader.string("baseUrl", true);
        if (baseUrl != null && !SecretSettings.references(baseUrl) && !httpUrl(baseUrl)) {
            reader.problem("baseUrl", "'baseUrl' must be an http(s) URL such as https://api.openai.com/v1");
        }
        double temperature = reader.number("temperature", Double.NaN, 0, 2);
        int maxTokens = reader.integer("maxTokens", 0, 1, 1_000_000);
        return new LlmSettings(baseUrl, reader.string("apiKey", false), reader.string("model", true),
                Double.isNaN(temperature) ? null : temperature, maxTokens == 0 ? null : maxTokens,
                reader.duration("timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException notUri) {
            return false;
        }
    }

    LlmSettings resolve(SecretSettings secrets) {
        return new LlmSettings(secrets.resolve(baseUrl), secrets.resolve(apiKey), model, temperature, maxTokens,
                timeout);
    }

    URI chatCompletions() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + "/chat/completions");
    }

    // The API key is a value, not a field to print: keep it out of any accidental toString.
    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", model=" + model + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + ", timeout=" + timeout + "]";
    }
}
