package dev.plinth.connectors;

import java.util.List;

/** One page of a tenant's secrets, and the cursor of the next page when there is one. */
public record SecretPage(List<SecretInfo> items, String nextCursor) {
}
