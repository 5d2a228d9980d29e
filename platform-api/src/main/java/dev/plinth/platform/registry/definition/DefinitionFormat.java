package dev.plinth.platform.registry.definition;

/** The serialization an app definition was submitted in. Both parse to the same tree. */
public enum DefinitionFormat {

    JSON,

    YAML

}
