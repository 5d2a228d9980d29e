-- The platform-api module's own schema: tenants, API keys, the app registry and idempotency records.

create table tenants (
    id           uuid primary key,
    name         text not null unique,
    display_name text,
    root         boolean not null default false,
    created_at   timestamptz not null
);

-- Only one root tenant may exist: the one created on first start, whose admins manage tenants.
create unique index tenants_single_root on tenants (root) where root;

create table api_keys (
    id           text primary key,
    tenant_id    uuid not null references tenants (id) on delete cascade,
    name         text not null,
    role         text not null check (role in ('admin', 'builder', 'deployer', 'viewer')),
    secret_hash  bytea not null,
    created_at   timestamptz not null,
    created_by   text,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

create index api_keys_by_tenant on api_keys (tenant_id, created_at, id);

create table apps (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id) on delete cascade,
    name            text not null,
    description     text,
    labels          jsonb not null default '{}'::jsonb,
    latest_revision integer,
    version         bigint not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    created_by      text,
    constraint apps_name_per_tenant unique (tenant_id, name)
);

create table revisions (
    app_id       uuid not null references apps (id) on delete cascade,
    number       integer not null,
    content_hash text not null,
    definition   jsonb not null,
    source       text not null,
    source_type  text not null,
    created_at   timestamptz not null,
    created_by   text,
    primary key (app_id, number)
);

create index revisions_by_hash on revisions (app_id, content_hash);

create table idempotency_records (
    tenant_id        uuid not null,
    idempotency_key  text not null,
    request_method   text not null,
    request_path     text not null,
    request_hash     text not null,
    response_status  integer,
    response_type    text,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    primary key (tenant_id, idempotency_key)
);

create index idempotency_records_expiry on idempotency_records (expires_at);
