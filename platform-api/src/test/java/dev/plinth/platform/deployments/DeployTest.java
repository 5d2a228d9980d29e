package dev.plinth.platform.deployments;

import dev.plinth.platform.support.PlinthTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/** {@link PlinthTest} with the tests' secret store; the test classes using it share one application. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@PlinthTest
@Import(TestSecrets.class)
public @interface DeployTest {
}
