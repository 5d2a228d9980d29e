package dev.plinth.connectors.internal;

import dev.plinth.connectors.internal.http.HttpConnectorConfiguration;
import dev.plinth.connectors.internal.secrets.SecretsConfiguration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Registers the module's schema, the secret store and the built-in connectors. */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@Import({SecretsConfiguration.class, HttpConnectorConfiguration.class})
public class ConnectorsAutoConfiguration {

    @Bean
    ConnectorsSchemaMigration connectorsSchemaMigration(DataSource dataSource) {
        return new ConnectorsSchemaMigration(dataSource);
    }
}
