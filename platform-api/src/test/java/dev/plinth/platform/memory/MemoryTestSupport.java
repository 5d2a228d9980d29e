package dev.plinth.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.platform.support.Api;
import java.util.UUID;

/** A fresh app with a readable memory base path, for memory tests. */
final class MemoryTestSupport {

    private MemoryTestSupport() {
    }

    static String newApp(Api api, String memoryYaml) {
        String app = "mem-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/apps", "{\"name\":\"" + app + "\"}").status()).isEqualTo(201);
        if (memoryYaml != null) {
            String yaml = """
                    apiVersion: plinth.dev/v1
                    kind: App
                    metadata: {name: %s}
                    spec:
                      memory:
                    %s
                    """.formatted(app, memoryYaml.indent(4).stripTrailing());
            Api.Response revision = api.call("POST", "/api/v1/apps/" + app + "/revisions").yaml(yaml).send();
            assertThat(revision.status()).as(revision.toString()).isEqualTo(201);
        }
        return app;
    }

    static String user(String app, String user) {
        return "/api/v1/apps/" + app + "/memory/users/" + user;
    }

    static String message(String role, String content) {
        return "{\"role\":\"" + role + "\",\"content\":\"" + content + "\"}";
    }
}
