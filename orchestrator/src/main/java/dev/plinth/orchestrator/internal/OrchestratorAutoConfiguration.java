package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.Workflows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles the workflow engine: its schema, the run store and outbox, the Kafka topics, the
 * engine and worker consumers, and the built-in executors.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnBean({DataSource.class, KafkaTemplate.class})
@EnableConfigurationProperties(OrchestratorProperties.class)
public class OrchestratorAutoConfiguration {

    @Bean
    OrchestratorSchemaMigration orchestratorSchemaMigration(DataSource dataSource) {
        return new OrchestratorSchemaMigration(dataSource);
    }

    @Bean
    NewTopic plinthWorkflowTasks(OrchestratorProperties properties) {
        return TopicBuilder.name(properties.tasksTopic()).partitions(properties.partitions())
                .replicas(properties.replicationFactor()).build();
    }

    @Bean
    NewTopic plinthWorkflowEvents(OrchestratorProperties properties) {
        return TopicBuilder.name(properties.eventsTopic()).partitions(properties.partitions())
                .replicas(properties.replicationFactor()).build();
    }

    @Bean
    @DependsOn("orchestratorSchemaMigration")
    Engine plinthEngine(DataSource dataSource, JsonMapper json, PlatformTransactionManager transactionManager,
            OrchestratorProperties properties, MeterRegistry registry) {
        return new Engine(JdbcClient.create(dataSource), json, new TransactionTemplate(transactionManager), properties,
                registry);
    }

    @Bean
    Workflows workflows(Engine engine) {
        return engine.workflows;
    }

    @Bean
    OutboxRelay plinthOutboxRelay(Engine engine, KafkaTemplate<String, String> kafka) {
        return new OutboxRelay(engine.outbox, kafka, engine.transactions);
    }

    @Bean
    Timers plinthTimers(Engine engine) {
        return engine.timers;
    }

    @Bean
    Schedules plinthSchedules(Engine engine) {
        return engine.schedules;
    }

    @Bean
    EngineListener plinthEngineListener(Engine engine, JsonMapper json) {
        return new EngineListener(engine.advancer, json);
    }

    @Bean
    StepWorker plinthStepWorker(List<StepExecutor> executors, KafkaTemplate<String, String> kafka, JsonMapper json,
            OrchestratorProperties properties) {
        return new StepWorker(executors, kafka, json, properties.eventsTopic());
    }

    @Bean
    StepExecutor plinthEchoExecutor() {
        return BuiltinExecutors.echo();
    }

    @Bean
    StepExecutor plinthNoopExecutor() {
        return BuiltinExecutors.noop();
    }

    /** The engine's parts, wired once. */
    static final class Engine {
        final Outbox outbox;
        final Timers timers;
        final Advancer advancer;
        final Workflows workflows;
        final Schedules schedules;
        final TransactionTemplate transactions;

        Engine(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions, OrchestratorProperties properties,
                MeterRegistry registry) {
            this.transactions = transactions;
            WorkflowMetrics metrics = new WorkflowMetrics(registry);
            RunStore runs = new RunStore(jdbc, json, metrics);
            Plans plans = new Plans(runs);
            this.outbox = new Outbox(jdbc, json);
            this.timers = new Timers(jdbc, json, outbox, transactions, properties.eventsTopic());
            this.advancer = new Advancer(runs, plans, outbox, timers, new StepExpressions(), transactions, metrics,
                    properties.tasksTopic());
            DefaultWorkflows workflows = new DefaultWorkflows(runs, plans, new InputSchemas(), outbox, transactions,
                    metrics, properties.eventsTopic());
            this.schedules = new Schedules(jdbc, runs, transactions);
            workflows.advancer(advancer, schedules);
            schedules.workflows(workflows);
            this.workflows = workflows;
            Gauge.builder("plinth.workflow.outbox.backlog", outbox, Outbox::backlog)
                    .description("Engine records waiting to be published to Kafka").register(registry);
        }
    }
}
