-- One app revision put into one environment. A row moves pending -> checking -> active | failed,
-- and an active row later becomes superseded or rolled-back. Checks run from a poller that leases
-- the row (lease_until), so a crash mid-check only delays it until the lease expires.
create table deployments (
    id              uuid primary key,
    tenant_id       uuid not null,
    app_id          uuid not null,
    app_name        text not null,
    environment     text not null,
    revision        integer not null,
    -- deploy | promotion | rollback
    kind            text not null,
    promoted_from   text,
    status          text not null,
    -- [{name, status, detail}] of the pre-flight checks so far
    checks          jsonb not null default '[]',
    failure         text,
    smoke_run_id    uuid,
    checks_deadline timestamptz,
    lease_until     timestamptz,
    -- the deployment this one replaced when it became active: what a rollback returns to
    previous_id     uuid references deployments (id),
    actor_key_id    text not null,
    actor_role      text not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    activated_at    timestamptz,
    ended_at        timestamptz,
    foreign key (tenant_id, environment) references environments (tenant_id, name),
    constraint deployments_status check (status in ('pending', 'checking', 'active', 'failed', 'superseded',
        'rolled-back'))
);

-- Exactly one active revision per app per environment.
create unique index deployments_one_active on deployments (app_id, environment) where status = 'active';

create index deployments_history on deployments (app_id, created_at desc, id desc);

create index deployments_due on deployments (lease_until) where status in ('pending', 'checking');
