-- Deploy agents: processes a tenant runs inside its own network to execute the steps of one
-- environment. Registering again under the same name updates the row (a restarted agent is the
-- same agent); the heartbeat says whether it is alive.
create table agents (
    id                uuid primary key,
    tenant_id         uuid not null,
    name              text not null,
    environment       text not null,
    version           text not null,
    -- the API key the agent last registered or heartbeated with
    key_id            text not null,
    registered_at     timestamptz not null,
    last_heartbeat_at timestamptz not null,
    constraint agents_name_per_tenant unique (tenant_id, name)
);

create index agents_by_heartbeat on agents (last_heartbeat_at);
