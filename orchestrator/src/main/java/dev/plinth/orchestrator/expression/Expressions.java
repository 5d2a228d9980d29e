package dev.plinth.orchestrator.expression;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import dev.plinth.orchestrator.expression.ExpressionException.Kind;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Compiles and evaluates CEL expressions over an {@link ExpressionContext}. Thread-safe; one
 * instance is meant to be shared, since it keeps a bounded cache of compiled expressions.
 *
 * <p>The variables {@code input}, {@code steps}, {@code vars}, {@code item}, {@code index} and
 * {@code run} are declared {@code dyn}, so paths into them compile without schemas and are
 * checked when evaluated. Step ids may contain hyphens: {@code steps["recent-orders"].output}
 * works, and so does {@code steps.recent-orders.output}, because a hyphenated segment right after
 * {@code steps.} is read as a step id (there a minus could only ever be a type error). Deeper
 * keys keep CEL's meaning, where {@code a.b-c} subtracts: write {@code x["content-type"]}.
 *
 * <p>Sandboxing: the source length and nesting depth are capped at compile time; evaluation is
 * capped in comprehension iterations (CEL's own limit) and in cost (nodes evaluated plus sizes
 * of values built by {@code +}). See {@link ExpressionLimits}.
 */
public final class Expressions {

    private static final List<String> VARIABLES = List.of("input", "steps", "vars", "item", "index", "run");

    private final ExpressionLimits limits;
    private final Cel cel;
    private final Cache<String, Compiled> compiled;

    /** Expressions with {@link ExpressionLimits#defaults()}. */
    public Expressions() {
        this(ExpressionLimits.defaults());
    }

    public Expressions(ExpressionLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        this.cel = newCel(limits);
        this.compiled = CacheBuilder.newBuilder().maximumSize(limits.compileCacheSize()).build();
    }

    /**
     * Compiles (parses and type-checks) an expression, or returns the cached result.
     *
     * @throws ExpressionException of kind {@code INVALID} or {@code LIMIT_EXCEEDED}, with the
     *     line and column of the first problem
     */
    public Compiled compile(String celSource) {
        Objects.requireNonNull(celSource, "celSource");
        Compiled cached = compiled.getIfPresent(celSource);
        if (cached != null) {
            return cached;
        }
        Compiled fresh = compileUncached(celSource);
        compiled.put(celSource, fresh);
        return fresh;
    }

    /**
     * Compiles a condition: like {@link #compile}, and also refuses an expression whose type is
     * known not to be {@code bool} (such as {@code "yes"} or {@code size(input)}).
     */
    public Compiled compileCondition(String celSource) {
        Compiled condition = compile(celSource);
        CelKind kind = condition.ast.getResultType().kind();
        if (kind != CelKind.BOOL && kind != CelKind.DYN && kind != CelKind.ANY) {
            throw ExpressionException.withoutPosition(Kind.TYPE_MISMATCH,
                    "a condition must be a bool, but this expression is of type "
                            + condition.ast.getResultType().name(),
                    celSource);
        }
        return condition;
    }

    /**
     * Evaluates an expression and returns its value as JSON. Objects and arrays read from the
     * context are returned as copies.
     *
     * @throws ExpressionException when evaluation fails or exceeds a limit
     */
    public JsonNode evaluate(Compiled expression, ExpressionContext context) {
        Object value = run(expression, context);
        try {
            return JsonValues.toJson(value);
        } catch (IllegalArgumentException e) {
            throw ExpressionException.withoutPosition(Kind.TYPE_MISMATCH, e.getMessage(), expression.source());
        }
    }

    /**
     * Evaluates a condition.
     *
     * @throws ExpressionException of kind {@code TYPE_MISMATCH} when the value is not a bool
     */
    public boolean test(Compiled condition, ExpressionContext context) {
        Object value = run(condition, context);
        if (value instanceof Boolean result) {
            return result;
        }
        throw ExpressionException.withoutPosition(Kind.TYPE_MISMATCH,
                "a condition must evaluate to a bool, but this one evaluated to " + typeName(value),
                condition.source());
    }

    private Object run(Compiled expression, ExpressionContext context) {
        Objects.requireNonNull(context, "context");
        Object value;
        try {
            value = expression.program.trace(
                    name -> Optional.ofNullable(context.celValue(name)),
                    new EvaluationBudget(limits.maxCost()));
        } catch (CelEvaluationException e) {
            throw CelErrors.evaluationFailure(expression.expressionSource, e);
        }
        // The CEL runtime answers "unknown" instead of failing when a declared variable is unbound;
        // only item and index can be, outside a forEach.
        if (value instanceof CelUnknownSet) {
            throw ExpressionException.withoutPosition(Kind.MISSING_VALUE,
                    "'item' and 'index' are only available inside a forEach step", expression.source());
        }
        return value;
    }

    private Compiled compileUncached(String celSource) {
        if (celSource.length() > limits.maxSourceLength()) {
            throw ExpressionException.withoutPosition(Kind.LIMIT_EXCEEDED, "the expression is "
                    + celSource.length() + " characters long; the limit is " + limits.maxSourceLength(),
                    abbreviate(celSource));
        }
        if (celSource.isBlank()) {
            throw ExpressionException.withoutPosition(Kind.INVALID, "the expression is empty", celSource);
        }
        ExpressionSource source = StepIdRewriter.rewrite(celSource);
        try {
            CelAbstractSyntaxTree ast = cel.compile(source.rewritten()).getAst();
            return new Compiled(source, ast, cel.createProgram(ast));
        } catch (CelValidationException e) {
            throw CelErrors.compileFailure(source, e);
        } catch (CelEvaluationException e) {
            // createProgram fails only for expressions the checker accepted but the planner cannot run
            throw CelErrors.evaluationFailure(source, e);
        }
    }

    private static Cel newCel(ExpressionLimits limits) {
        CelOptions options = CelOptions.current()
                // JSON numbers arrive as int or double at random: 3 < 2.5 must just work
                .enableHeterogeneousNumericComparisons(true)
                // the rewrite makes sources a little longer; the real length check is ours
                .maxExpressionCodePointSize(limits.maxSourceLength() * 2)
                .maxParseRecursionDepth(limits.maxNestingDepth())
                .comprehensionMaxIterations(limits.maxIterations())
                .maxRegexProgramSize(limits.maxRegexProgramSize())
                .build();
        // Not the newer plannerCelBuilder(): in 0.14.0 its map/filter copy the accumulated list on
        // every iteration, so map over 5,000 items takes seconds instead of milliseconds.
        var builder = CelFactory.legacyCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
        return builder.build();
    }

    private static String typeName(Object value) {
        try {
            return JsonValues.toJson(value).getNodeType().name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "a value JSON cannot represent";
        }
    }

    private static String abbreviate(String source) {
        return source.length() <= 80 ? source : source.substring(0, 80) + "…";
    }

    /** A compiled expression: immutable, thread-safe, reusable across runs. */
    public static final class Compiled {

        private final ExpressionSource expressionSource;
        private final CelAbstractSyntaxTree ast;
        private final CelRuntime.Program program;

        private Compiled(ExpressionSource expressionSource, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
            this.expressionSource = expressionSource;
            this.ast = ast;
            this.program = program;
        }

        /** The expression as written. */
        public String source() {
            return expressionSource.original();
        }

        /**
         * The context variables the expression reads, such as {@code steps} or {@code item}, so a
         * definition check can refuse {@code item} and {@code index} outside a forEach.
         */
        public Set<String> variables() {
            return Collections.unmodifiableSet(VariableReferences.of(ast.getExpr(), VARIABLES));
        }

        @Override
        public String toString() {
            return source();
        }
    }
}
