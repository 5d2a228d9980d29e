/**
 * App definitions: the versioned document an AI builder tool submits to Plinth. Reads it from JSON
 * or YAML ({@link dev.plinth.platform.registry.definition.DefinitionParser}), checks it against the
 * published JSON Schema ({@code schema/app-definition.schema.json}) and the semantic rules a
 * schema cannot express ({@link dev.plinth.platform.registry.definition.DefinitionValidator}),
 * hashes it canonically ({@link dev.plinth.platform.registry.definition.CanonicalJson}) and diffs
 * two revisions ({@link dev.plinth.platform.registry.definition.DefinitionDiff}). Everything
 * else in the package is package-private.
 */
package dev.plinth.platform.registry.definition;
