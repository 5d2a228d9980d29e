package dev.plinth.deploy;

import java.util.Set;

/**
 * Who asks for a deployment: the API key's public id and role, and every role that role implies
 * (protection rules compare against those).
 */
public record Actor(String keyId, String role, Set<String> roles) {
}
