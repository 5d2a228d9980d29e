package dev.plinth.platform.registry.definition;

import java.util.Map;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a submitted app definition, JSON or YAML as the caller says, into a Jackson tree plus a
 * pointer-to-line index. Rejects, as {@link MalformedDefinitionException}: syntax errors,
 * duplicate keys, YAML aliases, documents over the {@link DefinitionLimits}, empty documents,
 * several documents, and a top level that is not an object. Thread-safe.
 */
public final class DefinitionParser {

    private final DefinitionLimits limits;

    private final ObjectMapper json;

    private final ObjectMapper yaml;

    public DefinitionParser() {
        this(DefinitionLimits.DEFAULTS);
    }

    public DefinitionParser(DefinitionLimits limits) {
        this.limits = limits;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxNestingDepth())
            .maxDocumentLength(limits.maxBytes())
            .build();
        JsonFactory jsonFactory = JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
        this.json = JsonMapper.builder(jsonFactory).build();
        YAMLFactory yamlFactory = YAMLFactory.builder()
            .loadSettings(LoadSettings.builder().setCodePointLimit(limits.maxBytes()).build())
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
        this.yaml = YAMLMapper.builder(yamlFactory).build();
    }

    /**
     * Parses {@code content} in the given format.
     * @throws MalformedDefinitionException if the content is not one readable JSON/YAML object
     */
    public ParsedDefinition parse(byte[] content, DefinitionFormat format) {
        if (content.length > this.limits.maxBytes()) {
            throw new MalformedDefinitionException("the definition is " + content.length
                    + " bytes; at most " + this.limits.maxBytes() + " bytes are accepted", null, null);
        }
        ObjectMapper mapper = (format == DefinitionFormat.YAML) ? this.yaml : this.json;
        // The first pass checks everything that makes the document unreadable and records lines;
        // the second builds the tree with Jackson's own reader, which has no hook for locations.
        // Documents are capped in size, so reading twice is cheap.
        Map<String, Integer> lines = LineIndexer.index(mapper, content, format);
        try {
            JsonNode document = mapper.readTree(content);
            return new ParsedDefinition(document, lines);
        }
        catch (JacksonException ex) {
            throw SyntaxErrors.toMalformed(ex, format, null);
        }
    }

}
