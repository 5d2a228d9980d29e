package dev.plinth.memory.internal;

import dev.plinth.memory.Memory;
import dev.plinth.memory.embedding.EmbeddingProperties;
import dev.plinth.memory.embedding.EmbeddingProvider;
import dev.plinth.memory.embedding.EmbeddingProviders;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles the memory store from the application's DataSource: migrates the {@code memory}
 * schema, then offers {@link Memory} and runs the background embedding and retention work.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties({MemoryProperties.class, EmbeddingProperties.class})
public class MemoryAutoConfiguration {

    @Bean
    MemorySchemaMigration memorySchemaMigration(DataSource dataSource) {
        return new MemorySchemaMigration(dataSource);
    }

    @Bean
    @DependsOn("memorySchemaMigration")
    MemoryComponents memoryComponents(DataSource dataSource, JsonMapper mapper, MemoryProperties properties,
            EmbeddingProperties embeddingProperties, MeterRegistry registry, PlatformTransactionManager transactions) {
        return new MemoryComponents(new JdbcTemplate(dataSource), mapper, properties,
                EmbeddingProviders.create(embeddingProperties), registry, new TransactionTemplate(transactions));
    }

    @Bean
    Memory memory(MemoryComponents components) {
        return components.memory();
    }

    @Bean
    RetentionPurger memoryRetentionPurger(MemoryComponents components) {
        return components.purger();
    }

    @Bean
    MemoryGauges memoryGauges(MemoryComponents components) {
        return components.gauges();
    }

    @Bean
    @ConditionalOnExpression("!'${plinth.memory.embeddings.provider:builtin}'.equalsIgnoreCase('none')")
    EmbeddingIndexer memoryEmbeddingIndexer(MemoryComponents components, PlatformTransactionManager transactions) {
        return components.indexer(new TransactionTemplate(transactions));
    }

    /** The stores and services of the module, wired once. */
    static final class MemoryComponents {
        private final JdbcClient jdbc;
        private final JdbcTemplate batch;
        private final MemoryProperties properties;
        private final Optional<EmbeddingProvider> provider;
        private final MemoryMetrics metrics;
        private final MeterRegistry registry;
        private final EmbeddingQueue queue;
        private final PolicyStore policies;
        private final Memory memory;

        MemoryComponents(JdbcTemplate batch, JsonMapper mapper, MemoryProperties properties,
                Optional<EmbeddingProvider> provider, MeterRegistry registry, TransactionTemplate transactions) {
            this.batch = batch;
            this.jdbc = JdbcClient.create(batch);
            this.properties = properties;
            this.provider = provider;
            this.registry = registry;
            this.metrics = new MemoryMetrics(registry);
            JsonCodec json = new JsonCodec(mapper);
            SessionStore sessions = new SessionStore(jdbc, json);
            MessageStore messages = new MessageStore(jdbc, json);
            FactStore facts = new FactStore(jdbc, json, properties.maxMessageSize().toBytes());
            this.queue = new EmbeddingQueue(jdbc, batch);
            this.policies = new PolicyStore(jdbc);
            Searcher searcher = new Searcher(jdbc, provider);
            Appender appender = new Appender(jdbc, sessions, messages, policies, json, properties);
            ContextAssembler context = new ContextAssembler(batch, sessions, messages, facts, searcher,
                    properties.maxContextTokens());
            this.memory = new DefaultMemory(sessions, messages, appender, facts, queue, policies, searcher, context,
                    new Eraser(jdbc), metrics, transactions);
        }

        Memory memory() {
            return memory;
        }

        RetentionPurger purger() {
            return new RetentionPurger(jdbc, policies, metrics, properties.purgeBatch());
        }

        MemoryGauges gauges() {
            return new MemoryGauges(jdbc, queue, registry);
        }

        EmbeddingIndexer indexer(TransactionTemplate transactions) {
            return new EmbeddingIndexer(jdbc, batch, queue, provider.orElseThrow(), transactions, metrics,
                    properties.embeddingBatch());
        }
    }
}
