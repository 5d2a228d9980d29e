/**
 * Plain-Java launchers for the infrastructure Plinth needs when no external one is configured:
 * a real PostgreSQL 17 ({@link dev.plinth.embedded.EmbeddedPostgresServer}) and a real single-node
 * Kafka broker in KRaft mode ({@link dev.plinth.embedded.EmbeddedKafkaBroker}).
 *
 * <p>Both keep their data in a caller-chosen directory, so a restart on the same directory sees
 * everything written before. Nothing here depends on Spring; wiring belongs to the caller.
 */
package dev.plinth.embedded;
