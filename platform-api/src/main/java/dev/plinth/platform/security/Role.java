package dev.plinth.platform.security;

/**
 * What a caller may do within its tenant. {@code admin} includes everything; {@code builder}
 * changes apps and revisions; {@code deployer} deploys; {@code viewer} only reads.
 */
public enum Role {
    ADMIN, BUILDER, DEPLOYER, VIEWER;

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
