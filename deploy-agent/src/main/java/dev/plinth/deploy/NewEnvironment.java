package dev.plinth.deploy;

import java.util.List;

/** A request to add an environment to a tenant; see {@link EnvironmentView} for the fields. */
public record NewEnvironment(String name, String description, List<String> allowedRoles, String promoteFrom) {
}
