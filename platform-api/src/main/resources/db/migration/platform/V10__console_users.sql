-- People who sign in to the web console: per tenant, with the same roles as API keys.
create table console_users (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id) on delete cascade,
    email           text not null,
    password_hash   text not null,
    role            text not null check (role in ('admin', 'builder', 'deployer', 'viewer')),
    failed_attempts integer not null default 0,
    locked_until    timestamptz,
    disabled_at     timestamptz,
    created_at      timestamptz not null,
    created_by      text,
    last_sign_in_at timestamptz
);

-- Emails are compared case-insensitively: Ann@Example.com and ann@example.com are one person.
create unique index console_users_email_per_tenant on console_users (tenant_id, lower(email));
create index console_users_by_tenant on console_users (tenant_id, created_at, id);
