package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises credential-bearing properties and values that inline a secret instead of referencing one. */
final class SecretValues {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:[A-Za-z0-9][A-Za-z0-9._-]*}");

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{[^}]*}");

    /** The scheme word allowed before a reference, as in {@code Authorization: Bearer ${secret:x}}. */
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)bearer|basic|token|bot");

    private static final List<String> CREDENTIAL_SUFFIXES = List.of("password", "passwd", "passphrase", "secret",
            "token", "apikey", "privatekey", "secretkey", "secretaccesskey", "signingkey", "encryptionkey");

    private static final Set<String> CREDENTIAL_NAMES = Set.of("pwd", "authorization", "credential", "credentials");

    /** Prefixes of names that end like a credential but are not one: maxTokens, pageToken, ... */
    private static final List<String> NOT_CREDENTIAL_PREFIXES = List.of("max", "min", "num", "page", "next",
            "continuation", "cursor", "sync");

    private SecretValues() {
    }

    /** Whether a property of this name holds a credential, e.g. {@code clientSecret} but not {@code tokenUrl}. */
    static boolean isCredentialName(String property) {
        String name = property.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
        if (NOT_CREDENTIAL_PREFIXES.stream().anyMatch(name::startsWith)) {
            return false;
        }
        return CREDENTIAL_NAMES.contains(name) || CREDENTIAL_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /**
     * Whether a credential property's string value is acceptable: a {@code ${secret:name}}
     * reference, an expression computed at run time such as {@code ${steps.login.output.token}},
     * an auth scheme followed by those, or empty. Anything else is literal secret material.
     */
    static boolean isAcceptableCredential(String value) {
        if (value.isEmpty()) {
            return true;
        }
        Matcher expressions = EXPRESSION.matcher(value);
        boolean any = false;
        while (expressions.find()) {
            any = true;
            String expression = expressions.group();
            if (expression.startsWith("${secret") && !REFERENCE.matcher(expression).matches()) {
                return false;
            }
        }
        String literal = EXPRESSION.matcher(value).replaceAll("").strip();
        return any && (literal.isEmpty() || AUTH_SCHEME.matcher(literal).matches());
    }

    /** Whether the string holds a URL whose userinfo carries a literal password ({@code scheme://user:pw@host}). */
    static boolean hasPasswordInUrl(String value) {
        for (int at = value.indexOf("://"); at >= 0; at = value.indexOf("://", at + 3)) {
            String password = password(authority(value, at + 3));
            if (password != null && !password.isEmpty() && !isAcceptableCredential(password)) {
                return true;
            }
        }
        return false;
    }

    /** The authority of a URL starting at {@code start}: up to the first {@code /?#} or whitespace. */
    private static String authority(String value, int start) {
        int end = start;
        int depth = 0;
        while (end < value.length()) {
            char c = value.charAt(end);
            if (c == '{') {
                depth++;
            }
            else if (c == '}') {
                depth = Math.max(0, depth - 1);
            }
            else if (depth == 0 && (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c))) {
                break;
            }
            end++;
        }
        return value.substring(start, end);
    }

    /** The password part of {@code user:password@host}, or {@code null} if there is none. */
    private static String password(String authority) {
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String userInfo = authority.substring(0, at);
        int depth = 0;
        for (int i = 0; i < userInfo.length(); i++) {
            char c = userInfo.charAt(i);
            if (c == '{') {
                depth++;
            }
            else if (c == '}') {
                depth = Math.max(0, depth - 1);
            }
            else if (c == ':' && depth == 0) {
                return userInfo.substring(i + 1);
            }
        }
        return null;
    }

}
