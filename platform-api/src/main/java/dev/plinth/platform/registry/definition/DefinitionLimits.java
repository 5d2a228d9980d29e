package dev.plinth.platform.registry.definition;

/**
 * Bounds on what {@link DefinitionParser} accepts, so a hostile or runaway document cannot
 * exhaust memory or stack.
 *
 * @param maxBytes largest accepted document, in bytes
 * @param maxNestingDepth deepest accepted nesting of objects and arrays
 */
public record DefinitionLimits(int maxBytes, int maxNestingDepth) {

    /** 1 MiB and 64 levels: far beyond any hand- or tool-written definition. */
    public static final DefinitionLimits DEFAULTS = new DefinitionLimits(1024 * 1024, 64);

    public DefinitionLimits {
        if (maxBytes < 1 || maxNestingDepth < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

}
