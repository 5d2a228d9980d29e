package dev.plinth.platform.audit;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The caller's address. {@code X-Forwarded-For} is believed only as far as the configured number of
 * trusted proxies: each proxy appends the address it received the request from, so with N trusted
 * proxies the caller is the N-th address from the right (counting the connection's own peer).
 * Anything further left was written by the client and may be forged; a hop that is not an address
 * at all is ignored in favour of the connection's peer.
 */
final class ClientAddress {

    // IPv4, IPv6 (optionally bracketed) or an obfuscated "_token" (RFC 7239); anything else is not an address.
    private static final Pattern PLAUSIBLE = Pattern.compile("[0-9A-Fa-f:.\\[\\]]{2,64}|_[A-Za-z0-9._-]{1,63}");

    private ClientAddress() {
    }

    static String of(String remoteAddress, Enumeration<String> forwardedFor, int trustedProxies) {
        if (trustedProxies <= 0 || forwardedFor == null) {
            return remoteAddress;
        }
        List<String> chain = new ArrayList<>();
        while (forwardedFor.hasMoreElements()) {
            for (String hop : forwardedFor.nextElement().split(",")) {
                if (!hop.isBlank()) {
                    chain.add(hop.trim());
                }
            }
        }
        chain.add(remoteAddress);
        String client = chain.get(Math.max(0, chain.size() - 1 - trustedProxies));
        return PLAUSIBLE.matcher(client).matches() ? client : remoteAddress;
    }
}
