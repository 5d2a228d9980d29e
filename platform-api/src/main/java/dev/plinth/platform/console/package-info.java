/**
 * The web console: console user accounts (bcrypt passwords, the API-key roles, lockout after
 * repeated failed sign-ins), the first admin created on first start, session sign-in and sign-out,
 * and the page itself. The console's HTML, CSS and JavaScript modules live in
 * {@code static/console/} and call the ordinary {@code /api/v1} API with the session; the
 * session-to-principal step and the CSRF check are in {@code security} ({@code ConsoleSessions}).
 */
package dev.plinth.platform.console;
