package dev.plinth.platform.registry;

import dev.plinth.memory.Memory;
import dev.plinth.memory.MemoryScope;
import dev.plinth.orchestrator.Workflows;
import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import dev.plinth.platform.registry.definition.CanonicalJson;
import dev.plinth.platform.registry.definition.DefinitionChange;
import dev.plinth.platform.registry.definition.DefinitionDiff;
import dev.plinth.platform.registry.definition.DefinitionFormat;
import dev.plinth.platform.registry.definition.DefinitionParser;
import dev.plinth.platform.registry.definition.DefinitionProblem;
import dev.plinth.platform.registry.definition.DefinitionValidator;
import dev.plinth.platform.registry.definition.MalformedDefinitionException;
import dev.plinth.platform.registry.definition.ParsedDefinition;
import dev.plinth.platform.web.Page;
import dev.plinth.platform.web.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts app definitions as immutable numbered revisions: parse, validate (schema and semantic
 * rules, every problem at once), deduplicate by content hash, number under a row lock on the app.
 */
@Service
class RevisionService {

    /** The outcome of a submission: the revision, and whether this call created it. */
    record Submitted(App app, Revision revision, JsonNode definition, boolean created, boolean dryRun) {
    }

    private final AppRepository apps;
    private final RevisionRepository revisions;
    private final DefinitionParser parser;
    private final DefinitionValidator validator;
    private final JsonMapper json;
    private final Memory memory;
    private final Workflows workflows;
    private final ApplicationEventPublisher events;

    RevisionService(AppRepository apps, RevisionRepository revisions, DefinitionParser parser,
            DefinitionValidator validator, JsonMapper json, Memory memory, Workflows workflows,
            ApplicationEventPublisher events) {
        this.events = events;
        this.memory = memory;
        this.workflows = workflows;
        this.apps = apps;
        this.revisions = revisions;
        this.parser = parser;
        this.validator = validator;
        this.json = json;
    }

    @Transactional
    Submitted submit(UUID tenantId, String appName, byte[] body, DefinitionFormat format, boolean dryRun,
            String actor) {
        App app = dryRun
                ? apps.findByTenantIdAndName(tenantId, appName).orElseThrow(() -> AppService.notFound(appName))
                : apps.lockByTenantIdAndName(tenantId, appName).orElseThrow(() -> AppService.notFound(appName));
        ParsedDefinition parsed = parse(body, format);
        List<DefinitionProblem> problems = validator.validate(parsed, appName);
        if (!problems.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_DEFINITION,
                    "The definition has " + problems.size() + " problem(s); nothing was stored",
                    problems.stream().map(p -> new InputError(p.pointer(), p.message(), p.hint(), p.line())).toList());
        }
        JsonNode definition = parsed.document();
        String hash = CanonicalJson.sha256(definition);
        Revision latest = app.getLatestRevision() == null ? null
                : revisions.findByAppIdAndNumber(app.getId(), app.getLatestRevision()).orElse(null);
        if (latest != null && latest.getContentHash().equals(hash)) {
            return new Submitted(app, latest, definition, false, dryRun);
        }
        int number = latest == null ? 1 : latest.getNumber() + 1;
        Revision revision = new Revision(app.getId(), number, hash, CanonicalJson.write(definition),
                new String(body, StandardCharsets.UTF_8), format.name().toLowerCase(java.util.Locale.ROOT), actor);
        if (!dryRun) {
            revisions.save(revision);
            app.revisionAdded(number);
            memory.applyPolicy(new MemoryScope(tenantId, null, app.getId(), app.getName()),
                    MemoryPolicies.of(definition));
            workflows.schedule(tenantId, app.getId(), app.getName(), number, definition);
            events.publishEvent(new RevisionPublished(tenantId, app.getId(), number));
        }
        return new Submitted(app, revision, definition, !dryRun, dryRun);
    }

    private ParsedDefinition parse(byte[] body, DefinitionFormat format) {
        try {
            return parser.parse(body, format);
        } catch (MalformedDefinitionException malformed) {
            String where = malformed.line() == null ? "" : " at line " + malformed.line()
                    + (malformed.column() == null ? "" : ", column " + malformed.column());
            throw new ApiException(ProblemType.MALFORMED_REQUEST,
                    "The definition is not well-formed " + format + where + ": " + malformed.getMessage(),
                    List.of(new InputError("", malformed.getMessage(), "fix the " + format + " syntax" + where,
                            malformed.line())))
                    .with("column", malformed.column());
        }
    }

    @Transactional(readOnly = true)
    Page<Revision> list(UUID tenantId, String appName, PageRequest page) {
        App app = app(tenantId, appName);
        return Page.of(revisions.findByAppIdOrderByNumberDesc(app.getId(), page.position(), page.limit()), r -> r);
    }

    @Transactional(readOnly = true)
    Revision get(UUID tenantId, String appName, int number) {
        App app = app(tenantId, appName);
        return revisions.findByAppIdAndNumber(app.getId(), number)
                .orElseThrow(() -> ApiException.notFound("Revision " + number + " of app '" + appName + "'"));
    }

    @Transactional(readOnly = true)
    List<DefinitionChange> diff(UUID tenantId, String appName, int from, int to) {
        return DefinitionDiff.between(definitionOf(get(tenantId, appName, from)),
                definitionOf(get(tenantId, appName, to)));
    }

    JsonNode definitionOf(Revision revision) {
        return json.readTree(revision.getDefinition());
    }

    private App app(UUID tenantId, String appName) {
        return apps.findByTenantIdAndName(tenantId, appName).orElseThrow(() -> AppService.notFound(appName));
    }
}
