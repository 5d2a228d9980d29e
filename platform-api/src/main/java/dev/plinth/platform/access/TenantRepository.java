package dev.plinth.platform.access;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TenantRepository extends JpaRepository<Tenant, UUID> {

    Optional<Tenant> findByName(String name);

    boolean existsByName(String name);

    boolean existsByRootTrue();

    Optional<Tenant> findByRootTrue();

    Window<Tenant> findByOrderByNameAsc(ScrollPosition position, Limit limit);
}
