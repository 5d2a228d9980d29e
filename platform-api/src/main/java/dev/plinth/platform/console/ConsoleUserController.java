package dev.plinth.platform.console;

import dev.plinth.platform.security.ApiPrincipal;
import dev.plinth.platform.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/console-users")
@Tag(name = "Console users", description = "People who sign in to the web console. Requires the admin role.")
class ConsoleUserController {

    private final ConsoleUserService users;

    ConsoleUserController(ConsoleUserService users) {
        this.users = users;
    }

    record CreateUser(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = ConsoleUserService.MIN_PASSWORD_LENGTH, max = 200) String password,
            @NotNull @Pattern(regexp = "admin|builder|deployer|viewer",
                    message = "must be one of admin, builder, deployer, viewer") String role) {
    }

    /** A console user as listed: never the password hash. */
    record UserView(UUID id, String email, String role, boolean disabled, Instant lockedUntil, Instant createdAt,
            String createdBy, Instant lastSignInAt) {

        static UserView of(ConsoleUser user) {
            Instant locked = user.lockedAt(Instant.now()) ? user.lockedUntil() : null;
            return new UserView(user.id(), user.email(), user.role().wireName(), user.disabledAt() != null, locked,
                    user.createdAt(), user.createdBy(), user.lastSignInAt());
        }
    }

    record Users(List<UserView> items) {
    }

    record NewPassword(@NotNull @Size(min = ConsoleUserService.MIN_PASSWORD_LENGTH, max = 200) String password) {
    }

    @PostMapping
    @Operation(summary = "Create a console user", description = "The password is stored as a bcrypt hash only.")
    ResponseEntity<UserView> create(@Valid @RequestBody CreateUser request) {
        ApiPrincipal caller = ApiPrincipal.current();
        ConsoleUser user = users.create(caller.tenantId(), request.email(), request.password(),
                Role.fromWire(request.role()), caller.actor());
        return ResponseEntity.created(URI.create("/api/v1/console-users/" + user.id())).body(UserView.of(user));
    }

    @GetMapping
    @Operation(summary = "List the tenant's console users (oldest first)")
    Users list() {
        return new Users(users.list(ApiPrincipal.current().tenantId()).stream().map(UserView::of).toList());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one console user")
    UserView get(@PathVariable UUID id) {
        return UserView.of(users.get(ApiPrincipal.current().tenantId(), id));
    }

    @PostMapping("/{id}/password")
    @Operation(summary = "Set a console user's password (an admin's reset); a locked account is unlocked")
    UserView setPassword(@PathVariable UUID id, @Valid @RequestBody NewPassword request) {
        return UserView.of(users.setPassword(ApiPrincipal.current().tenantId(), id, request.password()));
    }

    @PostMapping("/{id}/disable")
    @Operation(summary = "Disable a console user: their sessions stop working at once")
    UserView disable(@PathVariable UUID id) {
        return UserView.of(users.setDisabled(ApiPrincipal.current().tenantId(), id, true));
    }

    @PostMapping("/{id}/enable")
    @Operation(summary = "Enable a disabled console user again")
    UserView enable(@PathVariable UUID id) {
        return UserView.of(users.setDisabled(ApiPrincipal.current().tenantId(), id, false));
    }
}
