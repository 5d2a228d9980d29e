package dev.plinth.platform.audit;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * The caller's address. {@code X-Forwarded-For} is believed only as far as the configured number of
 * trusted proxies: each proxy appends the address it received the request from, so with N trusted
 * proxies the caller is the N-th address from the right (counting the connection's own peer).
 * Anything further left was written by the client and may be forged.
 */
final class ClientAddress {

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
        return chain.get(Math.max(0, chain.size() - 1 - trustedProxies));
    }
}
