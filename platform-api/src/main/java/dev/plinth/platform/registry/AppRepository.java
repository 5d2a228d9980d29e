package dev.plinth.platform.registry;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AppRepository extends JpaRepository<App, UUID> {

    Optional<App> findByTenantIdAndName(UUID tenantId, String name);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    /** The app row locked for update: serialises revision numbering per app across instances. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from App a where a.tenantId = :tenantId and a.name = :name")
    Optional<App> lockByTenantIdAndName(UUID tenantId, String name);

    Window<App> findByTenantIdOrderByNameAsc(UUID tenantId, ScrollPosition position, Limit limit);
}
