package dev.plinth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code plinth status --app A}: which revision is active in each environment, since when, by whom. */
@Command(name = "status", description = "Show the revision active in each environment.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Plinth root;

    @Mixin
    Connection connection;

    @Option(names = "--app", required = true, paramLabel = "NAME")
    String app;

    @Override
    public Integer call() {
        PlinthClient client = connection.client(root);
        PlinthClient.Response environments = client.get("/api/v1/environments");
        if (!environments.ok()) {
            throw Problems.failure(environments);
        }
        PlinthClient.Response active = client.get("/api/v1/apps/" + PlinthClient.encode(app)
                + "/deployments?status=active&limit=200");
        if (!active.ok()) {
            throw Problems.failure(active);
        }
        Map<String, JsonNode> byEnvironment = new LinkedHashMap<>();
        active.body().path("items").forEach(item -> byEnvironment.put(item.path("environment").asString(), item));
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JsonNode environment : environments.body()) {
            String name = environment.path("name").asString();
            JsonNode deployment = byEnvironment.get(name);
            ObjectNode row = rows.addObject().put("environment", name);
            if (deployment != null) {
                row.put("revision", deployment.path("revision").asInt())
                        .put("since", deployment.path("activatedAt").asString())
                        .put("by", deployment.at("/deployedBy/keyId").asString() + " ("
                                + deployment.at("/deployedBy/role").asString() + ")");
            }
        }
        if (connection.json()) {
            root.out().println(rows);
            return Plinth.OK;
        }
        String format = "%-12s %-9s %-28s %s%n";
        root.out().printf(format, "ENVIRONMENT", "REVISION", "ACTIVE SINCE", "DEPLOYED BY");
        for (JsonNode row : rows) {
            root.out().printf(format, row.path("environment").asString(),
                    row.has("revision") ? row.path("revision").asString() : "-",
                    row.path("since").asString("-"), row.path("by").asString("-"));
        }
        return Plinth.OK;
    }
}
