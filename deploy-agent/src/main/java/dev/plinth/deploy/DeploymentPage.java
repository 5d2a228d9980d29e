package dev.plinth.deploy;

import java.util.List;

/** One page of deployments, newest first; {@code nextCursor} fetches the next when there is one. */
public record DeploymentPage(List<DeploymentView> items, String nextCursor) {
}
