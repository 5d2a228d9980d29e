package dev.plinth.deploy.internal;

import dev.plinth.connectors.SecretValues;
import dev.plinth.deploy.Agents;
import dev.plinth.deploy.Deployments;
import dev.plinth.deploy.RevisionSource;
import dev.plinth.orchestrator.Workflows;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles environments, deployments and the agent registry: the {@code deploy} schema, the
 * stores, the pre-flight checks and the poller that advances deployments through them. The application supplies the
 * {@link RevisionSource}; the secret store ({@link SecretValues}) comes from the connectors module.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(DeployProperties.class)
public class DeployAutoConfiguration {

    @Bean
    DeploySchemaMigration deploySchemaMigration(DataSource dataSource) {
        return new DeploySchemaMigration(dataSource);
    }

    @Bean
    @DependsOn("deploySchemaMigration")
    DefaultEnvironments environments(DataSource dataSource) {
        return new DefaultEnvironments(new EnvironmentStore(JdbcClient.create(dataSource)));
    }

    @Bean
    @DependsOn("deploySchemaMigration")
    Agents agents(DataSource dataSource, DefaultEnvironments environments) {
        return new DefaultAgents(new AgentStore(JdbcClient.create(dataSource)), environments);
    }

    @Bean
    @DependsOn("deploySchemaMigration")
    DeploymentStore plinthDeploymentStore(DataSource dataSource, JsonMapper json) {
        return new DeploymentStore(JdbcClient.create(dataSource), json);
    }

    @Bean
    Deployments deployments(DefaultEnvironments environments, DeploymentStore store, RevisionSource revisions,
            PlatformTransactionManager transactionManager) {
        return new DefaultDeployments(environments, store, revisions, new TransactionTemplate(transactionManager));
    }

    @Bean
    @DependsOn("deploySchemaMigration")
    ActiveDeploymentsMeter plinthActiveDeploymentsMeter(DataSource dataSource, MeterRegistry registry) {
        return new ActiveDeploymentsMeter(JdbcClient.create(dataSource), registry);
    }

    @Bean
    DeploymentChecker plinthDeploymentChecker(DeploymentStore store, RevisionSource revisions,
            ObjectProvider<SecretValues> secrets, Workflows workflows, DeployProperties properties,
            PlatformTransactionManager transactionManager, MeterRegistry registry,
            java.util.List<dev.plinth.orchestrator.StepExecutor> executors) {
        PreflightChecks checks = new PreflightChecks(revisions, secrets, workflows, properties,
                new ConnectorProbes(executors));
        return new DeploymentChecker(store, checks, new TransactionTemplate(transactionManager), properties,
                registry);
    }
}
