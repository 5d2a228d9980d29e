-- W3C trace context travels with the engine's records: captured where a record or timer is
-- written, restored when it is published or fires, so one trace follows a run across Kafka.
alter table orchestrator.outbox add column headers jsonb;
alter table orchestrator.timers add column headers jsonb;
alter table orchestrator.step_attempts add column trace_id text;
