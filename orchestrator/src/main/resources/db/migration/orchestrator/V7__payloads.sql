-- Large step outputs, stored once: the attempt row and the run's state (and any child run's copy
-- of it) hold a small reference instead of the output itself.
create table orchestrator.payloads (
    id         bigserial primary key,
    run_id     uuid not null references orchestrator.runs (id) on delete cascade,
    content    jsonb not null,
    bytes      integer not null,
    created_at timestamptz not null
);

create index payloads_by_run on orchestrator.payloads (run_id);
