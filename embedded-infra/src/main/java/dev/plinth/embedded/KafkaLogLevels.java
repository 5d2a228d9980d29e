package dev.plinth.embedded;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Lowers the in-process broker's INFO chatter (about a thousand lines per start) to WARN.
 *
 * <p>SLF4J has no API for levels, so this only acts when Logback, Spring Boot's default backend, is in
 * use, and only on loggers without a configured level, so explicit {@code logging.level.*} settings
 * win. Note that Spring Boot re-initialises Logback on start-up; a broker started before that logs
 * at whatever levels the application configures.
 */
final class KafkaLogLevels {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    /**
     * Server-side packages, plus the two shared with clients that dump the broker's full config and
     * version banner repeatedly ({@code AbstractConfig}, {@code AppInfoParser}).
     */
    private static final List<String> LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage",
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.metrics",
            "org.apache.kafka.common.security",
            "org.apache.kafka.common.utils.AppInfoParser");

    private KafkaLogLevels() {
    }

    static void quietServerLogging() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // Compared by name so that no Logback class is loaded when another backend is in use.
        if (LOGBACK_CONTEXT.equals(factory.getClass().getName())) {
            Logback.warnUnlessConfigured(factory, LOGGERS);
        }
    }

    /** Holds every reference to Logback types, so it is only loaded once Logback is known to be there. */
    private static final class Logback {

        static void warnUnlessConfigured(ILoggerFactory factory, List<String> names) {
            LoggerContext context = (LoggerContext) factory;
            for (String name : names) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }
}
