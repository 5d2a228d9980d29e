-- Paused runs, the engine events that arrive for them while they are paused, and how long each
-- app's ended runs are kept.
alter table orchestrator.runs drop constraint runs_status_check;
alter table orchestrator.runs add constraint runs_status_check
    check (status in ('running', 'paused', 'completed', 'failed', 'cancelled'));

create table orchestrator.parked_events (
    id        bigserial primary key,
    run_id    uuid not null references orchestrator.runs (id) on delete cascade,
    payload   jsonb not null,
    parked_at timestamptz not null
);

create index parked_events_by_run on orchestrator.parked_events (run_id, id);

create table orchestrator.app_history (
    app_id    uuid primary key,
    retention interval not null
);

create index runs_ended on orchestrator.runs (app_id, ended_at) where ended_at is not null and parent_run_id is null;
