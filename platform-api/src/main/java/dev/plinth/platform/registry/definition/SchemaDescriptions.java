package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Looks things up in the app-definition schema document itself — descriptions, property names,
 * composite branches — so that hints reuse the text tools already generate definitions from.
 */
final class SchemaDescriptions {

    private final JsonNode root;

    SchemaDescriptions(JsonNode root) {
        this.root = root;
    }

    static List<Object> elements(NodePath path) {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            elements.add(path.getElement(i));
        }
        return elements;
    }

    /** The schema node at a location inside this document (a validator error's schema location). */
    JsonNode at(List<Object> fragment) {
        JsonNode node = this.root;
        for (Object element : fragment) {
            node = child(node, element);
        }
        return node;
    }

    /** The schema node reached by an evaluation path, following local {@code $ref}s on the way. */
    JsonNode alongEvaluationPath(List<Object> evaluationPath) {
        JsonNode node = this.root;
        for (Object element : evaluationPath) {
            node = "$ref".equals(element) ? resolve(node) : child(node, element);
        }
        return node;
    }

    /** The description of the nearest schema enclosing {@code fragment} that has one. */
    String nearest(List<Object> fragment) {
        for (int end = fragment.size(); end >= 0; end--) {
            String description = describe(at(fragment.subList(0, end)));
            if (!description.isEmpty()) {
                return description;
            }
        }
        return "";
    }

    /** The schema's own description, or that of the schema it references; empty if neither. */
    String describe(JsonNode schema) {
        if (schema.path("description").isString()) {
            return schema.path("description").asString();
        }
        if (schema.has("$ref")) {
            return describe(resolve(schema));
        }
        return "";
    }

    /**
     * The nearest schema at or above {@code fragment} that declares {@code property}, e.g. the step
     * schema for a {@code required} inside one of its {@code allOf/then} branches.
     */
    JsonNode declaring(List<Object> fragment, String property) {
        return declaringObject(fragment, property).path("properties").path(property);
    }

    /** The schema object whose {@code properties} hold {@link #declaring} {@code property}. */
    JsonNode declaringObject(List<Object> fragment, String property) {
        for (int end = fragment.size(); end >= 0; end--) {
            JsonNode candidate = at(fragment.subList(0, end));
            if (candidate.path("properties").has(property)) {
                return candidate;
            }
        }
        return MissingNode.getInstance();
    }

    /** Names of the properties a schema object declares. */
    Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        schema.path("properties").propertyNames().forEach(names::add);
        return names;
    }

    private JsonNode resolve(JsonNode schema) {
        String reference = schema.path("$ref").asString("");
        if (!reference.startsWith("#")) {
            return MissingNode.getInstance();
        }
        return this.root.at(reference.substring(1));
    }

    private static JsonNode child(JsonNode node, Object element) {
        if (node.isArray()) {
            try {
                return node.path(Integer.parseInt(String.valueOf(element)));
            }
            catch (NumberFormatException ex) {
                return MissingNode.getInstance();
            }
        }
        return node.path(String.valueOf(element));
    }

}
