package dev.plinth.platform.registry;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;

interface RevisionRepository extends JpaRepository<Revision, Revision.Key> {

    Optional<Revision> findByAppIdAndNumber(UUID appId, int number);

    Window<Revision> findByAppIdOrderByNumberDesc(UUID appId, ScrollPosition position, Limit limit);
}
