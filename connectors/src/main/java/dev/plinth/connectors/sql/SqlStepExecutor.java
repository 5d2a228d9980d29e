package dev.plinth.connectors.sql;

import dev.plinth.connectors.SecretValues;
import dev.plinth.connectors.internal.ConnectorResources;
import dev.plinth.connectors.internal.SecretSettings;
import dev.plinth.connectors.internal.SettingsReader;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code sql} connector: {@code query} returns rows as JSON, {@code update} the affected row
 * count. Statements come from {@code with.sql} with {@code :name} parameters bound from
 * {@code with.params}; each connector has its own Hikari pool.
 */
final class SqlStepExecutor implements StepExecutor, AutoCloseable {

    private final Supplier<SecretValues> secretValues;
    private final JsonMapper json;
    private final Duration connectionTimeout;
    private final ConnectorResources<SqlPool> pools;

    SqlStepExecutor(Supplier<SecretValues> secretValues, JsonMapper json, int maxPools, Duration connectionTimeout) {
        this.secretValues = secretValues;
        this.json = json;
        this.connectionTimeout = connectionTimeout;
        this.pools = new ConnectorResources<>(maxPools, SqlPool::close);
    }

    @Override
    public String type() {
        return "sql";
    }

    @Override
    public List<SettingProblem> validate(JsonNode connector) {
        SettingsReader reader = new SettingsReader(connector, SqlSettings.KNOWN);
        SqlSettings.read(reader);
        return reader.problems();
    }

    @Override
    public StepOutcome execute(StepInvocation call) {
        SettingsReader reader = new SettingsReader(call.connector(), SqlSettings.KNOWN);
        SqlSettings declared = SqlSettings.read(reader);
        if (!reader.problems().isEmpty()) {
            return StepOutcome.failure("invalid-settings", "The sql connector '" + call.connectorName()
                    + "' is misconfigured: " + reader.summary(), false);
        }
        String operation = call.operation();
        if (!"query".equals(operation) && !"update".equals(operation)) {
            return StepOutcome.failure("unsupported-operation", "The sql connector supports the operations "
                    + "'query' and 'update', not '" + operation + "'", false);
        }
        JsonNode sql = call.parameters().path("sql");
        if (!sql.isString() || sql.asString().isBlank()) {
            return StepOutcome.failure("invalid-parameters", "with.sql must be the statement text, with :name "
                    + "parameters for values", false);
        }
        JsonNode params = call.parameters().path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            return StepOutcome.failure("invalid-parameters", "with.params must be an object of parameter values",
                    false);
        }
        if ("update".equals(operation) && declared.readOnly()) {
            return StepOutcome.failure("read-only", "The sql connector '" + call.connectorName()
                    + "' is read-only; use the 'query' operation or set readOnly: false", false);
        }
        SecretSettings secrets = SecretSettings.of(secretValues.get(), call);
        try {
            SqlSettings settings = declared.resolve(secrets);
            SqlPool pool = pool(call, settings);
            MapSqlParameterSource values = SqlParameters.of(params);
            if ("query".equals(operation)) {
                return StepOutcome.success(pool.jdbc().query(sql.asString(), values,
                        new JsonRows(settings.maxRows(), json)));
            }
            int updated = pool.jdbc().update(sql.asString(), values);
            return StepOutcome.success(JsonNodeFactory.instance.objectNode().put("updated", updated));
        } catch (SecretSettings.UnresolvedSecret missing) {
            return StepOutcome.failure("secret-missing", missing.getMessage(), false);
        } catch (DataAccessException failure) {
            return SqlErrors.outcome(failure, secrets, declared.statementTimeout());
        } catch (PoolNotOpened failure) {
            return StepOutcome.failure("invalid-settings", "The sql connector '" + call.connectorName()
                    + "' cannot open a pool: " + secrets.redact(failure.getCause().getMessage()), false);
        }
    }

    private SqlPool pool(StepInvocation call, SqlSettings settings) {
        try {
            return pools.get(new ConnectorResources.Key(call.tenantId(), call.appId(), call.connectorName()),
                    fingerprint(settings), () -> SqlPool.open(call.connectorName(), settings, connectionTimeout));
        } catch (RuntimeException rejected) {
            // Hikari rejects settings it cannot use (e.g. a secret-held URL no driver accepts) this way.
            throw new PoolNotOpened(rejected);
        }
    }

    private static final class PoolNotOpened extends RuntimeException {
        PoolNotOpened(RuntimeException cause) {
            super(null, cause, false, false);
        }
    }

    private static String fingerprint(SqlSettings settings) {
        return ConnectorResources.fingerprint(settings.url(), settings.username(), settings.password(),
                settings.readOnly(), settings.maxRows(), settings.statementTimeout(), settings.poolSize());
    }

    /** Open pools, for tests and metrics. */
    int openPools() {
        return pools.size();
    }

    @Override
    public void close() {
        pools.close();
    }
}
