package dev.plinth.platform.registry.definition;

import java.util.Locale;
import java.util.Optional;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Turns Jackson and SnakeYAML read failures into {@link MalformedDefinitionException}s whose
 * message names the problem without quoting the document (which may hold secrets) or naming
 * Jackson internals.
 */
final class SyntaxErrors {

    private SyntaxErrors() {
    }

    static MalformedDefinitionException toMalformed(JacksonException ex, DefinitionFormat format,
            TokenStreamLocation fallback) {
        String language = format.name();
        if (ex.getCause() instanceof MarkedYamlEngineException yaml) {
            Optional<Mark> mark = yaml.getProblemMark();
            String context = (yaml.getContext() != null) ? yaml.getContext() + ": " : "";
            return new MalformedDefinitionException("invalid YAML: " + context + yaml.getProblem(),
                    mark.map(m -> m.getLine() + 1).orElse(null), mark.map(m -> m.getColumn() + 1).orElse(null));
        }
        TokenStreamLocation location = (ex.getLocation() != null && ex.getLocation().getLineNr() > 0)
                ? ex.getLocation() : fallback;
        Integer line = (location != null && location.getLineNr() > 0) ? location.getLineNr() : null;
        Integer column = (location != null && location.getColumnNr() > 0) ? location.getColumnNr() : null;
        return new MalformedDefinitionException(describe(ex, language), line, column);
    }

    private static String describe(JacksonException ex, String language) {
        String original = String.valueOf(ex.getOriginalMessage());
        if (ex instanceof StreamConstraintsException) {
            // Jackson's text points at its own configuration API; keep the first sentence only.
            int cut = original.indexOf(" (");
            return "the definition exceeds a parser limit: "
                    + (cut > 0 ? original.substring(0, cut) : original).toLowerCase(Locale.ROOT);
        }
        if (original.startsWith("Duplicate Object property")) {
            return "duplicate key " + original.substring("Duplicate Object property".length()).trim()
                    + "; every key may appear only once in an object";
        }
        return "invalid " + language + ": " + original;
    }

}
