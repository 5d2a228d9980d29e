-- The orchestrator's schema: runs and their step attempts, the transactional outbox relayed to
-- Kafka, timers, and the workflow definitions runs are pinned to (stored once, referenced by runs).

create table workflow_definitions (
    id          bigserial primary key,
    app_id      uuid not null,
    revision    integer not null,
    workflow    text not null,
    definition  jsonb not null,
    constraint workflow_definitions_pinned unique (app_id, revision, workflow)
);

create table runs (
    id              uuid primary key,
    tenant_id       uuid not null,
    app_id          uuid not null,
    app_name        text not null,
    definition_id   bigint not null references workflow_definitions (id),
    revision        integer not null,
    workflow        text not null,
    status          text not null check (status in ('running', 'completed', 'failed', 'cancelled')),
    input           jsonb not null,
    state           jsonb not null,
    output          jsonb,
    error           jsonb,
    idempotency_key text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    ended_at        timestamptz
);

create unique index runs_idempotency on runs (app_id, workflow, idempotency_key) where idempotency_key is not null;
create index runs_by_app on runs (tenant_id, app_id, created_at desc, id desc);
create index runs_by_status on runs (tenant_id, app_id, status, created_at desc);

create table step_attempts (
    run_id      uuid not null references runs (id) on delete cascade,
    step_id     text not null,
    attempt     integer not null,
    step_type   text not null,
    status      text not null check (status in ('dispatched', 'completed', 'failed', 'timed-out', 'cancelled')),
    input       jsonb,
    output      jsonb,
    error       jsonb,
    started_at  timestamptz not null,
    ended_at    timestamptz,
    primary key (run_id, step_id, attempt)
);

create table outbox (
    id          bigserial primary key,
    topic       text not null,
    record_key  text not null,
    payload     jsonb not null,
    created_at  timestamptz not null
);

create table timers (
    id          bigserial primary key,
    run_id      uuid not null references runs (id) on delete cascade,
    fire_at     timestamptz not null,
    payload     jsonb not null,
    fired_at    timestamptz
);

create index timers_due on timers (fire_at) where fired_at is null;
