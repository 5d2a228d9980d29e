package dev.plinth.platform.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser-like client for tests: keeps the console's session cookie and sends the CSRF token it
 * was given (unless told not to), with no API key.
 */
public final class ConsoleSession {

    private final String base;
    private final HttpClient http;
    private String csrfToken;

    public ConsoleSession(int port) {
        this("http://localhost:" + port, HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), null);
    }

    private ConsoleSession(String base, HttpClient http, String csrfToken) {
        this.base = base;
        this.http = http;
        this.csrfToken = csrfToken;
    }

    /**
     * The same browser (its cookies and CSRF token) sending its requests to another Plinth instance
     * on this host, as a load balancer would.
     */
    public ConsoleSession onPort(int port) {
        return new ConsoleSession("http://localhost:" + port, http, csrfToken);
    }

    /** Fetches the session (and its CSRF token) like the console's first page load. */
    public Api.Response open() {
        Api.Response session = send("GET", "/console/session", null, false);
        csrfToken = session.body().path("csrfToken").asString();
        return session;
    }

    /** Opens the session and signs in; returns the sign-in response. */
    public Api.Response signIn(String email, String password) {
        open();
        Api.Response response = post("/console/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        if (response.status() == 200) {
            csrfToken = response.body().path("csrfToken").asString();
        }
        return response;
    }

    public Api.Response get(String path) {
        return send("GET", path, null, false);
    }

    public Api.Response post(String path, String json) {
        return send("POST", path, json, true);
    }

    /** A write without the CSRF token, as a forged cross-site form would send it. */
    public Api.Response postWithoutCsrf(String path, String json) {
        return send("POST", path, json, false);
    }

    private Api.Response send(String method, String path, String json, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (withCsrf && csrfToken != null) {
            request.header("X-CSRF-TOKEN", csrfToken);
        }
        try {
            return new Api.Response(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException failure) {
            throw new IllegalStateException(method + " " + path + " failed", failure);
        }
    }
}
