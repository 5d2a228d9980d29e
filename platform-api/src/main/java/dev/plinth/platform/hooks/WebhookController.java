package dev.plinth.platform.hooks;

import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.access.Tenant;
import dev.plinth.platform.access.TenantRepository;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.registry.AppDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Inbound webhooks: {@code POST /hooks/{tenant}/{app}/{trigger}} starts the trigger's workflow on
 * the app's latest revision with the JSON body as input, and answers 202 with the run. There is no
 * API key here — senders are third parties — so a trigger with a {@code signature} authenticates
 * each request by its HMAC; one without accepts any request. A verified signature is the run's
 * idempotency key: a replayed delivery returns the run it already started.
 */
@RestController
@Tag(name = "Webhooks", description = "Start workflows from other systems' webhooks")
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final TenantRepository tenants;
    private final AppDirectory apps;
    private final Workflows workflows;
    private final SecretValues secrets;
    private final JsonMapper json;
    private final Clock clock;

    WebhookController(TenantRepository tenants, AppDirectory apps, Workflows workflows, SecretValues secrets,
            JsonMapper json) {
        this.tenants = tenants;
        this.apps = apps;
        this.workflows = workflows;
        this.secrets = secrets;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** What a sender learns: the run it started. */
    record Accepted(String runId, String status) {
    }

    @PostMapping("/hooks/{tenant}/{app}/{trigger}")
    @Operation(summary = "Start the workflow of a webhook trigger (no API key; HMAC-signed when the trigger says so)",
            description = "202 with the run id. 401 when the signature is missing, wrong or its timestamp is outside "
                    + "the trigger's tolerance; 404 for an address with no webhook trigger.")
    ResponseEntity<Accepted> receive(@PathVariable String tenant, @PathVariable String app,
            @PathVariable String trigger, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        byte[] payload = body == null ? new byte[0] : body;
        Tenant owner = tenants.findByName(tenant).orElseThrow(WebhookController::noTrigger);
        AppDirectory.Current current;
        try {
            current = apps.current(owner.getId(), app);
        } catch (ApiException unknownApp) {
            throw noTrigger();
        }
        JsonNode declaration = declaration(current.definition(), trigger).orElseThrow(WebhookController::noTrigger);
        String deliveryKey = authenticate(owner, trigger, declaration.path("signature"), payload, request);
        RunView run = workflows.start(new StartRun(owner.getId(), current.app().id(), current.app().name(),
                current.revision(), current.definition(), declaration.path("workflow").asString(), input(payload),
                deliveryKey == null ? null : "webhook:" + trigger + ":" + deliveryKey));
        return ResponseEntity.accepted().location(URI.create("/api/v1/apps/" + app + "/runs/" + run.id()))
                .body(new Accepted(run.id().toString(), run.status()));
    }

    /** The verified signature, or the sender's {@code Idempotency-Key} for an unsigned trigger. */
    private String authenticate(Tenant owner, String trigger, JsonNode signature, byte[] payload,
            HttpServletRequest request) {
        if (!signature.isObject()) {
            return request.getHeader("Idempotency-Key");
        }
        String secret = signingSecret(owner, trigger, signature.path("secret").asString(""));
        WebhookSignature check = new WebhookSignature(signature.path("algorithm").asString("HmacSHA256"),
                signature.path("tolerance").isString() ? Duration.parse(signature.path("tolerance").asString()) : null);
        try {
            return check.verify(request.getHeader(signature.path("header").asString("X-Signature-256")), payload,
                    secret, clock.instant());
        } catch (WebhookSignature.Rejected rejected) {
            throw new ApiException(ProblemType.UNAUTHENTICATED, "Webhook rejected: " + rejected.getMessage());
        }
    }

    private String signingSecret(Tenant owner, String trigger, String reference) {
        String resolved;
        try {
            resolved = SecretReferences.resolve(JsonNodeFactory.instance.stringNode(reference),
                    name -> secrets.value(owner.getId(), name)).settings().asString();
        } catch (SecretReferences.MissingSecretException missing) {
            log.warn("Webhook trigger '{}' of tenant {} cannot verify signatures: its signing secret '{}' is not set",
                    trigger, owner.getName(), missing.secretName());
            resolved = "";
        }
        if (resolved.isEmpty()) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE,
                    "This webhook cannot verify signatures yet; its owner must set the signing secret");
        }
        return resolved;
    }

    private JsonNode input(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try {
            return json.readTree(payload);
        } catch (JacksonException malformed) {
            throw ApiException.invalid("", "the webhook body must be JSON", "send the event as a JSON document");
        }
    }

    private static Optional<JsonNode> declaration(JsonNode definition, String trigger) {
        for (JsonNode declared : definition.path("spec").path("triggers")) {
            if (trigger.equals(declared.path("name").asString()) && "webhook".equals(declared.path("type").asString())) {
                return Optional.of(declared);
            }
        }
        return Optional.empty();
    }

    // One answer for an unknown tenant, app or trigger: senders learn nothing about what exists.
    private static ApiException noTrigger() {
        return ApiException.notFound("Webhook trigger");
    }
}
