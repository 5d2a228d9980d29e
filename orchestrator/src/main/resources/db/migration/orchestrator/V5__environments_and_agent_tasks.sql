-- The environment a run was started in (its connectors' overrides and where they run come from
-- the definition's spec.environments.<name>), and the queue of step tasks that run on an
-- environment's deploy agent instead of Plinth's own workers.
alter table orchestrator.runs add column environment text;

create table orchestrator.agent_tasks (
    id           bigserial primary key,
    tenant_id    uuid not null,
    environment  text not null,
    run_id       uuid not null references orchestrator.runs (id) on delete cascade,
    step_id      text not null,
    attempt      integer not null,
    payload      jsonb not null,
    created_at   timestamptz not null,
    leased_by    text,
    leased_until timestamptz,
    deliveries   integer not null default 0,
    unique (run_id, step_id, attempt)
);

create index agent_tasks_ready on orchestrator.agent_tasks (tenant_id, environment, id);
