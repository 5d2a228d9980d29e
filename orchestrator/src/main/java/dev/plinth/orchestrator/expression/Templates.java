package dev.plinth.orchestrator.expression;

import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves the {@code ${...}} expressions in step parameters.
 *
 * <ul>
 *   <li>A string that is exactly one {@code ${expr}} becomes the expression's JSON value, of any
 *       type: {@code "${steps.a.output}"} yields the object itself.
 *   <li>Any other string with expressions is interpolated: strings are inserted as they are,
 *       other values as JSON text ({@code 42}, {@code true}, {@code null}, {@code {"a":1}}).
 *   <li><code>$${</code> is a literal <code>${</code>; {@code ${secret:name}} is left untouched.
 * </ul>
 *
 * <p>Secret references must be resolved on the template, never on resolved values: run data such
 * as an e-mail body may itself contain {@code ${secret:...}}. Thread-safe.
 */
public final class Templates {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Expressions expressions;

    public Templates(Expressions expressions) {
        this.expressions = Objects.requireNonNull(expressions);
    }

    /**
     * Returns a new tree with every expression resolved; the template is not changed.
     *
     * @throws ExpressionException for the first expression that fails, with its
     *     {@link ExpressionException#pointer() pointer} inside the template
     */
    public JsonNode resolve(JsonNode template, ExpressionContext context) {
        Objects.requireNonNull(context, "context");
        return resolve(template, context, "");
    }

    /**
     * Compiles every expression without evaluating it, for validating a definition when it is
     * submitted. Returns every problem found, in document order; empty when all is well.
     */
    public List<TemplateError> check(JsonNode template) {
        List<TemplateError> errors = new ArrayList<>();
        check(template, "", errors);
        return errors;
    }

    private JsonNode resolve(JsonNode node, ExpressionContext context, String pointer) {
        if (node.isObject()) {
            ObjectNode resolved = NODES.objectNode();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String at = pointer + "/" + escape(member.getKey());
                resolved.set(member.getKey(), resolve(member.getValue(), context, at));
            }
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = NODES.arrayNode(node.size());
            for (int i = 0; i < node.size(); i++) {
                resolved.add(resolve(node.get(i), context, pointer + "/" + i));
            }
            return resolved;
        }
        if (node.isString() && TemplateParser.mayContainExpressions(node.stringValue())) {
            try {
                return resolveString(node.stringValue(), context);
            } catch (ExpressionException e) {
                throw e.at(pointer);
            }
        }
        return node; // other value nodes are immutable, so sharing them is safe
    }

    private JsonNode resolveString(String text, ExpressionContext context) {
        List<TemplateParser.Segment> segments = parse(text);
        if (segments.size() == 1 && segments.get(0) instanceof TemplateParser.Expression only) {
            return evaluate(only, context);
        }
        StringBuilder out = new StringBuilder();
        for (TemplateParser.Segment segment : segments) {
            if (segment instanceof TemplateParser.Text literal) {
                out.append(literal.text());
            } else if (segment instanceof TemplateParser.Expression expression) {
                out.append(render(evaluate(expression, context)));
            }
        }
        return NODES.stringNode(out.toString());
    }

    private JsonNode evaluate(TemplateParser.Expression expression, ExpressionContext context) {
        return expressions.evaluate(expressions.compile(expression.source()), context);
    }

    private static List<TemplateParser.Segment> parse(String text) {
        try {
            return TemplateParser.parse(text);
        } catch (TemplateParser.SyntaxError e) {
            throw syntaxProblem(text, e);
        }
    }

    private void check(JsonNode node, String pointer, List<TemplateError> errors) {
        if (node.isObject()) {
            node.properties().forEach(member ->
                    check(member.getValue(), pointer + "/" + escape(member.getKey()), errors));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), pointer + "/" + i, errors);
            }
        } else if (node.isString() && TemplateParser.mayContainExpressions(node.stringValue())) {
            checkString(node.stringValue(), pointer, errors);
        }
    }

    private void checkString(String text, String pointer, List<TemplateError> errors) {
        try {
            for (TemplateParser.Segment segment : parse(text)) {
                if (segment instanceof TemplateParser.Expression expression) {
                    compileInto(expression, pointer, errors);
                }
            }
        } catch (ExpressionException e) {
            errors.add(new TemplateError(pointer, e.getMessage()));
        }
    }

    private void compileInto(TemplateParser.Expression expression, String pointer, List<TemplateError> errors) {
        try {
            expressions.compile(expression.source());
        } catch (ExpressionException e) {
            errors.add(new TemplateError(pointer, e.getMessage()));
        }
    }

    private static ExpressionException syntaxProblem(String text, TemplateParser.SyntaxError e) {
        ExpressionSource.Position position =
                new ExpressionSource(text, text, null).position(text.codePointCount(0, e.offset()));
        return new ExpressionException(Kind.INVALID, e.getMessage(), text, position);
    }

    // Strings go in as they are; everything else as its JSON text.
    private static String render(JsonNode value) {
        return value.isString() || value.isBinary() ? value.asString() : value.toString();
    }

    // RFC 6901: "~" and "/" in keys are written "~0" and "~1".
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
