-- The audit log: one row per change attempted through the API. Append-only: the application has
-- no update path, and these triggers refuse UPDATE, TRUNCATE and DELETE, except the retention purge
-- (AuditRetention), which must declare its cut-off in the transaction
-- (set_config('plinth.audit_purge_before', <instant>, true)) and may then delete only rows older
-- than it — never rows younger than a day, whatever it declares. This guards against application
-- bugs and injected SQL running as Plinth's database user; a database superuser can still disable
-- triggers, so ship the log elsewhere as well where that matters.

create table audit_events (
    id            uuid primary key,
    tenant_id     uuid not null,
    occurred_at   timestamptz not null,
    key_id        text not null,
    key_name      text,
    role          text not null,
    action        text not null,
    resource_type text not null,
    resource_id   text,
    method        text not null,
    route         text not null,
    path_params   jsonb not null default '{}'::jsonb,
    status        integer not null,
    outcome       text not null check (outcome in ('success', 'failure')),
    client_ip     text,
    user_agent    text,
    request_id    text
);

-- No foreign key to tenants: the log outlives what it describes (and a cascade would delete it).
create index audit_events_by_tenant on audit_events (tenant_id, occurred_at desc, id desc);
create index audit_events_by_resource on audit_events (tenant_id, resource_type, resource_id, occurred_at desc);
create index audit_events_by_key on audit_events (tenant_id, key_id, occurred_at desc);
create index audit_events_by_age on audit_events (occurred_at);

create function audit_events_append_only() returns trigger language plpgsql as $$
declare
    purge_before timestamptz := nullif(current_setting('plinth.audit_purge_before', true), '')::timestamptz;
begin
    if tg_op = 'DELETE' and purge_before is not null and purge_before <= now() - interval '1 day' then
        if old.occurred_at < purge_before then
            return old;
        end if;
    end if;
    raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_events_no_update before update on audit_events
    for each row execute function audit_events_append_only();
create trigger audit_events_no_delete before delete on audit_events
    for each row execute function audit_events_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only();
