package dev.plinth.connectors.internal;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** Registers the built-in connectors and the secret store. */
@AutoConfiguration
public class ConnectorsAutoConfiguration {
}
