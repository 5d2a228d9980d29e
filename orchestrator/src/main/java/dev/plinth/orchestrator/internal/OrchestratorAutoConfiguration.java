package dev.plinth.orchestrator.internal;

import dev.plinth.orchestrator.RunChanges;
import dev.plinth.orchestrator.RunStatistics;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.Workflows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
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
import org.springframework.jdbc.core.JdbcTemplate;
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
            OrchestratorProperties properties, MeterRegistry registry,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.tracing.Tracer> tracer,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
        io.micrometer.tracing.Tracer found = tracer.getIfAvailable();
        EngineTracing tracing = found == null || propagator.getIfAvailable() == null ? EngineTracing.NONE
                : new EngineTracing(found, propagator.getObject());
        return new Engine(new JdbcTemplate(dataSource), json, new TransactionTemplate(transactionManager), properties,
                registry, tracing);
    }

    @Bean
    Workflows workflows(Engine engine) {
        return engine.workflows;
    }

    /** Read-only change markers for run event streams; a query of its own, not part of the engine. */
    @Bean
    @DependsOn("orchestratorSchemaMigration")
    RunChanges runChanges(DataSource dataSource) {
        return new RunChangeMarkers(JdbcClient.create(dataSource));
    }

    @Bean
    @DependsOn("orchestratorSchemaMigration")
    RunStatistics plinthRunStatistics(DataSource dataSource) {
        return new RunStatisticsStore(JdbcClient.create(dataSource));
    }

    @Bean
    AgentQueue plinthAgentTasks(Engine engine) {
        return engine.agents;
    }

    @Bean
    OutboxRelay plinthOutboxRelay(Engine engine, KafkaTemplate<String, String> kafka,
            OrchestratorProperties properties) {
        return new OutboxRelay(engine.outbox, kafka, engine.transactions, properties.relayInterval(),
                properties.relaySweepAge());
    }

    @Bean
    Timers plinthTimers(Engine engine) {
        return engine.timers;
    }

    @Bean
    Leases plinthStepLeases(Engine engine, DataSource dataSource, OrchestratorProperties properties) {
        return new Leases(JdbcClient.create(dataSource), engine.outbox, engine.transactions, properties.eventsTopic());
    }

    @Bean
    HistoryPurger plinthHistoryPurger(Engine engine, OrchestratorProperties properties, MeterRegistry registry) {
        return new HistoryPurger(engine.runs, properties.historyRetention(), registry);
    }

    @Bean
    ConsumerLag plinthConsumerLag(org.springframework.kafka.core.KafkaAdmin kafkaAdmin, MeterRegistry registry,
            OrchestratorProperties properties) {
        return new ConsumerLag(org.apache.kafka.clients.admin.Admin.create(kafkaAdmin.getConfigurationProperties()),
                registry, Map.of("plinth-engine", properties.eventsTopic(), StepWorker.GROUP, properties.tasksTopic()));
    }

    @Bean
    Schedules plinthSchedules(Engine engine) {
        return engine.schedules;
    }

    /**
     * The engine's consumers commit offsets every 250 ms and without waiting for the broker: a
     * synchronous commit after every poll holds the next event back for the coordinator's round
     * trip (several ms, since a Kafka 4 group coordinator lingers to batch commits), and a commit
     * per poll costs the consumer and the broker a request each time. A crash only redelivers the
     * events of the last quarter second, which the engine ignores once applied. (A redelivered task
     * runs its step again, so the step workers commit a task only once its result is sent: see
     * {@link TaskConsumer}.)
     */
    @Bean
    org.springframework.kafka.config.ContainerCustomizer<Object, Object,
            org.springframework.kafka.listener.ConcurrentMessageListenerContainer<Object, Object>> plinthEngineCommits() {
        return container -> {
            if ("plinth-engine".equals(container.getListenerId())) {
                container.getContainerProperties().setSyncCommits(false);
                container.getContainerProperties().setAckMode(
                        org.springframework.kafka.listener.ContainerProperties.AckMode.TIME);
                container.getContainerProperties().setAckTime(250);
            }
        };
    }

    @Bean
    EngineListener plinthEngineListener(Engine engine, JsonMapper json) {
        return new EngineListener(engine.advancer, engine.runs, json, engine.tracing, engine.transactions,
                engine.skippedEvents);
    }

    @Bean
    @SuppressWarnings("unchecked")
    StepWorker plinthStepWorker(List<StepExecutor> executors, KafkaTemplate<String, String> kafka, JsonMapper json,
            OrchestratorProperties properties, Engine engine,
            org.springframework.kafka.core.ConsumerFactory<?, ?> consumers, MeterRegistry registry) {
        StepWorker worker = new StepWorker(executors, kafka, json, properties.eventsTopic(), properties.maxStepOutput(),
                engine.tracing, properties.workerThreads(),
                (org.springframework.kafka.core.ConsumerFactory<String, String>) consumers, properties.tasksTopic(),
                properties.workerConcurrency());
        worker.register(registry);
        return worker;
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
        final RunStore runs;
        final Payloads payloads;
        final EngineTracing tracing;
        final AgentQueue agents;
        final Outbox outbox;
        final Timers timers;
        final Advancer advancer;
        final Workflows workflows;
        final Schedules schedules;
        final TransactionTemplate transactions;
        final Counter skippedEvents;

        Engine(JdbcTemplate template, JsonMapper json, TransactionTemplate transactions,
                OrchestratorProperties properties, MeterRegistry registry, EngineTracing tracing) {
            this.transactions = transactions;
            this.tracing = tracing;
            JdbcClient jdbc = JdbcClient.create(template);
            RunStore runs = new RunStore(template, json, tracing);
            this.runs = runs;
            Plans plans = new Plans(runs);
            this.outbox = new Outbox(template, json, tracing);
            this.timers = new Timers(jdbc, json, outbox, transactions, properties.eventsTopic(), tracing);
            WorkflowMetrics metrics = new WorkflowMetrics(registry);
            this.payloads = new Payloads(jdbc, json, properties.inlineOutputLimit(), properties.payloadCache());
            StepExpressions expressions = new StepExpressions(payloads);
            InputSchemas inputs = new InputSchemas();
            Containers containers = new Containers(runs, expressions, inputs, plans, metrics,
                    properties.maxForEachItems());
            this.agents = new AgentQueue(jdbc, json, outbox, transactions, properties.eventsTopic(),
                    properties.maxStepOutput());
            agents.register(registry);
            this.advancer = new Advancer(runs, plans, outbox, timers, expressions, transactions, metrics,
                    properties.tasksTopic(), properties.eventsTopic(), containers, agents, properties.stepLease(),
                    payloads);
            DefaultWorkflows workflows = new DefaultWorkflows(runs, plans, inputs, outbox, transactions,
                    metrics, properties.eventsTopic(), payloads);
            this.schedules = new Schedules(jdbc, runs, transactions);
            workflows.advancer(advancer, schedules);
            schedules.workflows(workflows);
            this.workflows = workflows;
            Gauge.builder("plinth.workflow.outbox.backlog", outbox, Outbox::backlog)
                    .description("Engine records waiting to be published to Kafka").register(registry);
            Gauge.builder("plinth.workflow.timer.lag", timers, Timers::lagSeconds).baseUnit("seconds")
                    .description("How late the most overdue unfired timer is (0 when none is due)").register(registry);
            this.skippedEvents = Counter.builder("plinth.workflow.events.skipped")
                    .description("Records on the events topic that are not engine events (not JSON, no type or run id), "
                            + "skipped").register(registry);
        }
    }
}
