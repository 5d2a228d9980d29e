package dev.plinth.platform.security;

/**
 * What a caller may do within its tenant. {@code admin} includes everything; {@code builder}
 * changes apps and revisions; {@code deployer} deploys; {@code viewer} only reads. {@code agent} is a
 * deploy agent's token: it may call only the agent API ({@code /api/v1/agent/**}) and implies no
 * other role, and no other role implies it.
 */
public enum Role {
    ADMIN, BUILDER, DEPLOYER, VIEWER, AGENT;

    /**
     * This role and every role it implies, by wire name (admin implies all but agent; builder and
     * deployer imply viewer).
     */
    public java.util.Set<String> withImplied() {
        return switch (this) {
            case ADMIN -> java.util.Set.of("admin", "builder", "deployer", "viewer");
            case BUILDER -> java.util.Set.of("builder", "viewer");
            case DEPLOYER -> java.util.Set.of("deployer", "viewer");
            case VIEWER -> java.util.Set.of("viewer");
            case AGENT -> java.util.Set.of("agent");
        };
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the lower-case wire name; {@code null} when it is not a role. */
    public static Role fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        return null;
    }
}
