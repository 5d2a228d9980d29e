package dev.plinth.platform.access;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

    Optional<ApiKey> findByIdAndTenantId(String id, UUID tenantId);

    Window<ApiKey> findByTenantIdOrderByCreatedAtAscIdAsc(UUID tenantId, ScrollPosition position, Limit limit);

    @Query("select count(k) from ApiKey k where k.tenantId = :tenantId and k.role = :role "
            + "and k.revokedAt is null and (k.expiresAt is null or k.expiresAt > :now)")
    long countUsable(UUID tenantId, String role, Instant now);

    // Recording use at most once a minute keeps authentication from writing on every request.
    @Transactional
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :now where k.id = :id "
            + "and (k.lastUsedAt is null or k.lastUsedAt < :threshold)")
    int touch(String id, Instant now, Instant threshold);
}
