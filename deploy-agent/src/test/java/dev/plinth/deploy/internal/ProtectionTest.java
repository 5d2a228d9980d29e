package dev.plinth.deploy.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.deploy.Actor;
import dev.plinth.deploy.DeploymentException;
import dev.plinth.deploy.EnvironmentView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtectionTest {

    static final Actor BUILDER = new Actor("b", "builder", Set.of("builder", "viewer"));
    static final Actor DEPLOYER = new Actor("d", "deployer", Set.of("deployer", "viewer"));
    static final Actor ADMIN = new Actor("a", "admin", Set.of("admin", "builder", "deployer", "viewer"));

    static final EnvironmentView PROD = new EnvironmentView("prod", null, List.of("deployer"), null, null, null);
    static final EnvironmentView GATED = new EnvironmentView("live", null, List.of("builder"), "staging", null, null);

    @Test
    void onlyTheAllowedRolesAndAdminsMayDeploy() {
        assertThatThrownBy(() -> Protection.check(PROD, BUILDER, "deploy", null))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("Environment 'prod' is protected: it accepts deployments only from keys with role "
                        + "deployer (or admin); this key's role is builder");
        assertThatCode(() -> Protection.check(PROD, DEPLOYER, "deploy", null)).doesNotThrowAnyException();
        assertThatCode(() -> Protection.check(PROD, ADMIN, "rollback", null)).doesNotThrowAnyException();
    }

    @Test
    void aGatedEnvironmentTakesOnlyPromotionsFromItsSourceAndRollbacks() {
        assertThatThrownBy(() -> Protection.check(GATED, BUILDER, "deploy", null))
                .hasMessageContaining("accepts only promotions from 'staging'; promote the revision active there");
        assertThatThrownBy(() -> Protection.check(GATED, ADMIN, "promotion", "dev"))
                .hasMessageContaining("not from 'dev'");
        assertThatCode(() -> Protection.check(GATED, BUILDER, "promotion", "staging")).doesNotThrowAnyException();
        assertThatCode(() -> Protection.check(GATED, BUILDER, "rollback", null)).doesNotThrowAnyException();
    }
}
