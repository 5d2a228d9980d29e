package dev.plinth.platform.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a valid API key, or by a signed-in console user's session. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiPrincipal principal;

    ApiKeyAuthentication(ApiPrincipal principal) {
        super(List.of(new SimpleGrantedAuthority(principal.role().authority())));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public ApiPrincipal getPrincipal() {
        return principal;
    }
}
